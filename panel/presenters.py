"""What a reader may see of a decision: every page, export, feed and search result of the
decisions log is built from a `DecisionPresenter`, never from a Decision directly.
"""

from dataclasses import dataclass, field

from django.utils.functional import cached_property

from pcc_portal.access import is_opcc_staff

from .models import Decision

RESTRICTED_TITLE = "Restricted decision"


def _open(name: str) -> property:
    """A field of the decision that every reader may see, restricted or not."""
    return property(lambda presenter: getattr(presenter.decision, name))


@dataclass(frozen=True)
class DecisionPresenter:
    """A decision as one reader sees it: restricted content is blank unless they are staff."""

    decision: Decision = field(repr=False)
    staff: bool

    reference = _open("reference")
    year = _open("year")
    number = _open("number")
    decided_on = _open("decided_on")
    priority = _open("priority_label")
    restricted = _open("restricted")

    @property
    def decision_maker(self) -> str:
        return self.decision.get_decision_maker_display()

    @property
    def decision_maker_short(self) -> str:
        return "PCC" if self.decision.decision_maker == "pcc" else "Director (delegated)"

    @property
    def access(self) -> str:
        return "Restricted" if self.decision.restricted else "Public"

    @property
    def content_hidden(self) -> bool:
        return self.decision.restricted and not self.staff

    @property
    def title(self) -> str:
        if self.decision.withhold_title and not self.staff:
            return RESTRICTED_TITLE
        return self.decision.title

    @property
    def title_withheld(self) -> bool:
        return self.decision.withhold_title and not self.staff

    @property
    def summary(self) -> str:
        return "" if self.content_hidden else self.decision.summary

    @property
    def reasons(self) -> str:
        return "" if self.content_hidden else self.decision.reasons

    @property
    def notes(self) -> str:
        return "" if self.content_hidden else self.decision.notes

    @cached_property
    def documents(self) -> list:
        # Uses the prefetched documents when the selector prefetched them.
        return [] if self.content_hidden else list(self.decision.documents.all())

    def get_absolute_url(self) -> str:
        return self.decision.get_absolute_url()


def present_decisions(decisions, user) -> list[DecisionPresenter]:
    staff = is_opcc_staff(user)
    return [DecisionPresenter(decision, staff) for decision in decisions]


def present_decision(decision: Decision, user) -> DecisionPresenter:
    return DecisionPresenter(decision, is_opcc_staff(user))
