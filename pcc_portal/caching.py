"""The shared page cache: one rendering of a page serves everyone who may see the same page.

What a page shows depends only on whether its reader is OPCC staff (pcc_portal.access) and on
today's date (papers are embargoed until their publication date). So the page a member of the
public gets is, word for word, the page every panel member gets, except for the personal parts
of the layout: the account links in the header (with the sign-out form's CSRF token) and flash
messages. base.html marks those as personal regions; the cache keeps pages with the regions
emptied and fills them in for each request. OPCC staff never get a shared page: theirs carry
staff links, and drafts when asked for.

Every key carries the data version and today's date. Any save or delete of a model of the
portal's data apps replaces the version, now and again when the transaction commits (a page
another worker rendered from the old data meanwhile is then not kept), so a published figure
or paper shows at once. Writes that bypass signals (bulk_create, queryset.update) must call
`bump_data_version()`; the timeout bounds the damage if one forgets.
"""

import hashlib
import logging
import re
import time
from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from .access import is_opcc_staff

logger = logging.getLogger(__name__)

VERSION_KEY = "portal:data-version"
TIMEOUT = 10 * 60
DATA_APPS = frozenset({"performance", "finance", "funds", "panel"})

# Parts of base.html rendered for each reader, between <!--personal:NAME--> and
# <!--/personal:NAME-->. Anything else on a shared page is the same for every reader.
PERSONAL_REGIONS = {
    "account": "includes/account_nav.html",
    "messages": "includes/messages.html",
}
_REGION = re.compile(r"(<!--personal:(\w+)-->).*?(<!--/personal:\2-->)", re.DOTALL)
# Headers a shared response keeps; the rest (cookies, Vary) are the middleware's, per request.
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY, 0)
    return version


def _replace_version() -> None:
    cache.set(VERSION_KEY, time.time_ns(), None)


def bump_data_version() -> None:
    _replace_version()
    transaction.on_commit(_replace_version)


def _data_changed(sender, **kwargs) -> None:
    if sender._meta.app_label in DATA_APPS:
        bump_data_version()


def connect_signals() -> None:
    """One receiver for every model: a model added to a data app later cannot be forgotten.
    An m2m_changed sender is the relation's through model, which lives in the same app."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_data_changed, dispatch_uid=f"portal-pages-{id(signal)}")


def _key(parts: tuple) -> str:
    raw = repr((parts, timezone.localdate().isoformat(), data_version())).encode()
    return "portal:" + hashlib.sha256(raw).hexdigest()


def cached(parts: tuple, build):
    """`build()` returns (value, cacheable); its value is kept under `parts` and the version."""
    key = _key(("fragment", *parts))
    value = cache.get(key)
    if value is None:
        value, cacheable = build()
        if cacheable:
            cache.set(key, value, TIMEOUT)
    return value


def _split(html: str) -> tuple[bytes | str, ...]:
    """The page as its shared text, with the name of each personal region in the region's
    place: (text, "account", text, "messages", text). Split once when kept, so that serving
    it is one join, however long the page."""
    parts: list[bytes | str] = []
    position = 0
    for match in _REGION.finditer(html):
        parts += [html[position : match.end(1)].encode(), match.group(2)]
        position = match.start(3)
    parts.append(html[position:].encode())
    return tuple(parts)


def _assemble(parts: tuple[bytes | str, ...], request) -> bytes:
    return b"".join(
        part
        if isinstance(part, bytes)
        else render_to_string(PERSONAL_REGIONS[part], request=request).encode()
        for part in parts
    )


def _shareable_request(request, parameters: frozenset[str]) -> bool:
    return (
        request.method == "GET"
        and set(request.GET) <= parameters
        and not is_opcc_staff(request.user)
    )


def _parameters_of(view, parameters) -> frozenset[str]:
    view_class = getattr(view, "view_class", None)
    if view_class is not None and hasattr(view_class, "query_parameters"):
        parameters = (*parameters, *view_class.query_parameters())
    return frozenset(parameters)


def shared_page(view=None, *, parameters=()):
    """Serve `view` from the shared page cache to every reader who is not OPCC staff.

    Only GET requests whose query parameters are all in `parameters` (a list view adds its
    own: filters, page, sort, export) are shared, so that made-up addresses cannot fill the
    cache. Only 200 responses are kept, and a view can keep a response out by setting
    `response.shared = False` (a form with errors, say)."""
    if view is None:
        return lambda view: shared_page(view, parameters=parameters)
    accepted = _parameters_of(view, parameters)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _shareable_request(request, accepted):
            return view(request, *args, **kwargs)
        key = _key(("page", request.get_host(), request.get_full_path()))
        hit = cache.get(key)
        if hit is not None:
            parts, headers = hit
            return HttpResponse(_assemble(parts, request), headers=headers)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):  # a TemplateResponse
            response.add_post_render_callback(lambda rendered: _keep(key, rendered, request))
        else:
            _keep(key, response, request)
        return response

    return wrapper


def _keep(key: str, response, request) -> None:
    if response.status_code != 200 or response.streaming or not getattr(response, "shared", True):
        return
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    if headers.get("Content-Type", "").startswith("text/html"):
        parts = _split(response.content.decode(response.charset))
        # A form that posts belongs to one reader's session: such a page is never shared.
        if any(isinstance(part, bytes) and b"csrfmiddlewaretoken" in part for part in parts):
            logger.warning("Not sharing %s: it has a form with a CSRF token", request.path)
            return
    else:
        parts = (response.content,)
    cache.set(key, (parts, headers), TIMEOUT)
