"""Writes of composed papers: saving as a draft, the lead's sign-off, starting from a template.

The sign-off is the figures' own rule: whoever writes or changes a paper leaves it a draft in
their name; the performance lead verifies it and then publishes it, and never a paper they
wrote themselves. Every step is kept in the paper's history with who took it.
"""

from django.db import transaction

from panel.models import Paper, PaperSection
from pcc_portal.publication import (
    SignOffError,
    reset_sign_off,
    save_with_reason,
    signoff_publish,
    signoff_verify,
    signoff_withdraw,
)

from . import templates

PUBLISH_PERMISSION = "panel.publish_paper"

__all__ = [
    "SignOffError",
    "paper_publish",
    "paper_save",
    "paper_verify",
    "paper_withdraw",
    "reset_sign_off",
]


@transaction.atomic
def paper_save(*, paper: Paper, user, reason: str = "Written") -> Paper:
    reset_sign_off(paper, user)
    save_with_reason(paper, user, reason)
    return paper


def paper_verify(*, paper: Paper, user) -> Paper:
    return signoff_verify(record=paper, user=user, permission=PUBLISH_PERMISSION)


def paper_publish(*, paper: Paper, user) -> Paper:
    return signoff_publish(record=paper, user=user, permission=PUBLISH_PERMISSION)


def paper_withdraw(*, paper: Paper, user, reason: str) -> Paper:
    """Takes a published paper off the meeting page, its own page and the pack; its place
    says when and why. Changing it afterwards makes it a draft to sign off again."""
    return signoff_withdraw(record=paper, user=user, reason=reason, permission=PUBLISH_PERMISSION)


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
