"""Writes of composed papers: saving as a draft, the lead's sign-off, starting from a template.

The sign-off is the figures' own rule: whoever writes or changes a paper leaves it a draft in
their name; the performance lead verifies it and then publishes it, and never a paper they
wrote themselves. Every step is kept in the paper's history with who took it.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from panel.models import Paper, PaperSection, PaperStatus

from . import templates

PUBLISH_PERMISSION = "panel.publish_paper"


class SignOffError(Exception):
    """A sign-off step that is not allowed; the message says why."""


def _history(paper: Paper, user, reason: str) -> None:
    paper._history_user = user
    paper._change_reason = reason


def reset_sign_off(paper: Paper, user) -> None:
    """A new or changed paper is a draft by whoever wrote it: its sign-off starts again."""
    paper.status = PaperStatus.DRAFT
    paper.written_by = user
    paper.verified_by = None
    paper.verified_at = None
    paper.published_by = None
    paper.published_at = None


@transaction.atomic
def paper_save(*, paper: Paper, user, reason: str = "Written") -> Paper:
    reset_sign_off(paper, user)
    paper.full_clean()
    _history(paper, user, reason)
    paper.save()
    return paper


def verify_refusal(paper: Paper, user) -> str:
    if not user.has_perm(PUBLISH_PERMISSION):
        return "Only the performance lead can verify papers."
    if paper.status != PaperStatus.DRAFT:
        return f"“{paper}” is {paper.get_status_display().lower()}, not a draft."
    if paper.written_by_id is not None and paper.written_by_id == user.pk:
        return f"You wrote “{paper}”, so someone else must verify it."
    return ""


def publish_refusal(paper: Paper, user) -> str:
    if not user.has_perm(PUBLISH_PERMISSION):
        return "Only the performance lead can publish papers."
    if paper.status != PaperStatus.VERIFIED:
        state = paper.get_status_display().lower()
        return f"“{paper}” is {state}: only a verified paper can be published."
    if paper.written_by_id is not None and paper.written_by_id == user.pk:
        return f"You wrote “{paper}”, so someone else must publish it."
    return ""


def paper_verify(*, paper: Paper, user) -> Paper:
    return _sign_off(paper, user, verify_refusal, PaperStatus.VERIFIED, "verified", "Verified")


def paper_publish(*, paper: Paper, user) -> Paper:
    return _sign_off(paper, user, publish_refusal, PaperStatus.PUBLISHED, "published", "Published")


@transaction.atomic
def _sign_off(paper: Paper, user, refusal_for, status: str, step: str, reason: str) -> Paper:
    refusal = refusal_for(paper, user)
    if refusal:
        raise (PermissionDenied if not user.has_perm(PUBLISH_PERMISSION) else SignOffError)(refusal)
    paper.status = status
    setattr(paper, f"{step}_by", user)
    setattr(paper, f"{step}_at", timezone.now())
    _history(paper, user, reason)
    paper.save()
    return paper


@transaction.atomic
def sections_from_template(*, paper: Paper, template: str) -> list[PaperSection]:
    """Start a paper with a template's sections (only when it has none yet)."""
    if paper.sections.exists():
        return []
    spec = templates.TEMPLATES[template]
    sections = []
    for position, fields in enumerate(spec.sections_for(paper), start=1):
        section = PaperSection(paper=paper, position=position, **fields)
        section.save()
        sections.append(section)
    return sections
