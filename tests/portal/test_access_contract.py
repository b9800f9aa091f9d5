"""Contracts every app must keep, checked over whatever models and staff URLs exist, so that a
model or page added later cannot forget them:

1. A model with a hidden state (draft status, publication flag or date, restriction, embargo)
   has a queryset method `visible_to(user)` that actually filters for the public and panel
   members: the one place its visibility rule lives (see pcc_portal.access).
2. Every page in an app's `staff_urls` asks anonymous users to sign in and refuses panel
   members.
"""

import importlib
import re
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import URLPattern, reverse
from django.urls.converters import IntConverter, UUIDConverter

ROOT = Path(__file__).resolve().parents[2]

# A field with one of these names means some rows must not be shown to everyone.
HIDDEN_STATE_FIELD = re.compile(
    r"^(status|is_published|published|is_public|public|publish_\w+|\w*_published_(on|at)"
    r"|\w*restricted\w*|\w*embargo\w*|is_confidential|confidential|is_exempt)$"
)

# "app_label.ModelName": why its rows are public whatever that field says. Keep it short.
EXEMPT: dict[str, str] = {
    "panel.Meeting": "meetings are public (status is scheduled/held); the embargo is on their "
    "papers: AgendaItem, Report, Attachment.visible_to via panel.models.papers_published_q",
    "panel.Decision": "every decision is listed; a restricted one's content is blanked by "
    "panel.presenters and searchable_by (the crawl's restricted-decision sentinels check it)",
    "panel.TaskGroup": "status is forming/active/reported/closed, not a visibility state",
}


def _portal_models():
    for config in apps.get_app_configs():
        if not Path(config.path).is_relative_to(ROOT) or ".venv" in Path(config.path).parts:
            continue
        for model in config.get_models():
            if hasattr(model, "instance_type"):  # simple_history's audit copies
                continue
            yield model


def _models_with_hidden_state():
    found = []
    for model in _portal_models():
        names = [f.name for f in model._meta.get_fields() if HIDDEN_STATE_FIELD.match(f.name)]
        if names and model._meta.label not in EXEMPT:
            found.append(pytest.param(model, names, id=model._meta.label))
    return found


HIDDEN_STATE_MODELS = _models_with_hidden_state()


def test_the_contract_sees_the_models_known_to_have_a_hidden_state():
    labels = {param.values[0]._meta.label for param in HIDDEN_STATE_MODELS}
    assert {"performance.Observation", "performance.Commentary"} <= labels


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "fields"), HIDDEN_STATE_MODELS)
def test_model_with_a_hidden_state_filters_through_visible_to(model, fields, panel_member):
    manager = model._default_manager
    assert hasattr(manager, "visible_to"), (
        f"{model._meta.label} has {', '.join(fields)} but no visible_to(user) on its default "
        "manager; add a QuerySet method that asks pcc_portal.access (or list it in EXEMPT "
        "with the reason its rows are public)."
    )
    for user in (AnonymousUser(), panel_member):
        queryset = manager.visible_to(user)
        assert queryset.model is model
        assert queryset.query.where, (
            f"{model._meta.label}.objects.visible_to({user}) returns every row: it must hide "
            f"rows by {', '.join(fields)} from the public and panel members."
        )


def _staff_patterns():
    found = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.staff_urls")
        except ModuleNotFoundError:
            continue
        for pattern in module.urlpatterns:
            assert isinstance(pattern, URLPattern), (
                f"{config.name}.staff_urls nests an include(); list its pages directly."
            )
            assert pattern.name, f"{config.name}.staff_urls has a page without a name"
            found.append(pytest.param(config.label, pattern, id=f"{config.label}:{pattern.name}"))
    return found


def _sample_kwargs(pattern: URLPattern) -> dict:
    samples = {}
    for name, converter in pattern.pattern.converters.items():
        if isinstance(converter, IntConverter):
            samples[name] = 1
        elif isinstance(converter, UUIDConverter):
            samples[name] = uuid.UUID(int=1)
        else:
            samples[name] = "sample"
    return samples


def _refused(response, *, login_url: str) -> bool:
    if response.status_code == 302:
        return response["Location"].startswith(login_url)
    return response.status_code in (403, 405)


@pytest.mark.django_db
@pytest.mark.parametrize(("app_label", "pattern"), _staff_patterns())
def test_staff_page_is_closed_to_the_public_and_panel_members(app_label, pattern, panel_client):
    url = reverse(f"{app_label}:{pattern.name}", kwargs=_sample_kwargs(pattern))
    for client in (Client(), panel_client):
        get, post = client.get(url), client.post(url)
        assert _refused(get, login_url="/accounts/login/"), (url, get.status_code)
        assert _refused(post, login_url="/accounts/login/"), (url, post.status_code)
        # At least one method reached the access check rather than being turned away.
        assert {get.status_code, post.status_code} != {405}, url
