"""The commitments' part of the quarter's grid: each commitment of the chosen priorities with
a status and a short narrative for the quarter, saved as drafts with the quarter's figures."""

import datetime as dt
from dataclasses import dataclass

from django import forms

from core.periods import Period

from .models import Commitment, Progress, ProgressUpdate
from .selectors import commitments_with_progress

NO_UPDATE = ("", "No update this quarter")


@dataclass
class CommitmentEntry:
    """A commitment as the grid shows it: last quarter's published status for context, and
    this quarter's update if one exists (a published one can no longer change)."""

    commitment: Commitment
    update: ProgressUpdate | None

    @property
    def is_locked(self) -> bool:
        return self.update is not None and self.update.is_published


def quarter_commitments(*, priorities, quarter: Period, user) -> list[CommitmentEntry]:
    """The priorities' commitments in the plan's order, each with the status published before
    the quarter and the quarter's own update (draft, verified or published), in two queries."""
    before = commitments_with_progress(
        priorities=priorities, as_of=quarter.start - dt.timedelta(days=1), user=user
    )
    commitments = list(before)
    updates = {
        u.commitment_id: u
        for u in ProgressUpdate.objects.filter(
            commitment__in=commitments, period_start=quarter.start, period_end=quarter.end
        )
    }
    return [CommitmentEntry(c, updates.get(c.pk)) for c in commitments]


class ProgressEntryForm(forms.Form):
    """A status and a narrative for each commitment; a commitment left without a status has
    no update this quarter."""

    def __init__(self, data=None, *, entries: list[CommitmentEntry], quarter: Period):
        super().__init__(data)
        self.entries, self.quarter = entries, quarter
        for entry in entries:
            if entry.is_locked:
                continue
            update, pk = entry.update, entry.commitment.pk
            self.fields[f"progress-{pk}"] = forms.ChoiceField(
                label=f"Status of “{entry.commitment}”",
                choices=[NO_UPDATE, *Progress.choices],
                required=False,
                initial=update.progress if update else "",
                widget=forms.Select(attrs={"class": "govuk-select"}),
            )
            self.fields[f"narrative-{pk}"] = forms.CharField(
                label=f"What was done on “{entry.commitment}”",
                required=False,
                max_length=2000,
                initial=update.narrative if update else "",
                widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 2}),
            )

    def rows(self, priority):
        """(entry, status field, narrative field) for the commitments of one priority."""
        for entry in self.entries:
            if entry.commitment.priority_id != priority.pk:
                continue
            if entry.is_locked:
                yield entry, None, None
            else:
                pk = entry.commitment.pk
                yield entry, self[f"progress-{pk}"], self[f"narrative-{pk}"]

    def clean(self):
        cleaned = super().clean()
        for entry in self.entries:
            pk = entry.commitment.pk
            if entry.is_locked:
                continue
            status = cleaned.get(f"progress-{pk}")
            narrative = (cleaned.get(f"narrative-{pk}") or "").strip()
            if status and not narrative:
                self.add_error(f"narrative-{pk}", "Say in a few sentences what was done.")
            if narrative and not status:
                self.add_error(f"progress-{pk}", "Choose the status this narrative describes.")
        return cleaned

    def changes(self) -> list[ProgressUpdate]:
        """The updates that are new or differ from what is stored, ready to save as drafts."""
        changed = []
        for entry in self.entries:
            pk = entry.commitment.pk
            status = None if entry.is_locked else self.cleaned_data.get(f"progress-{pk}")
            if not status:
                continue
            narrative = self.cleaned_data[f"narrative-{pk}"].strip()
            update = entry.update or ProgressUpdate(
                commitment=entry.commitment,
                period_start=self.quarter.start,
                period_end=self.quarter.end,
            )
            if entry.update and (update.progress, update.narrative) == (status, narrative):
                continue
            update.progress, update.narrative = status, narrative
            changed.append(update)
        return changed
