"""Writes on observations: entry, sign-off (verify, publish), revision of published figures,
and the bulk versions used by admin actions and spreadsheet imports.

Every write runs in one transaction, checks the rules here (not in views or the admin) and
records its author in the audit trail (django-simple-history), with the reason when there is
one. A figure goes draft → verified → published; the performance lead verifies and publishes;
nobody verifies a figure they entered; a published figure changes only through a revision.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from core.history import record_rows_as_stored
from pcc_portal import publication
from pcc_portal.audit import audit_log

from .delivery import signoff
from .models import FigureSource, Observation, Revision, Status, value_problem
from .quality import QualityWarning, quality_warnings

VERIFY_PERMISSION = "performance.verify_observation"
PUBLISH_PERMISSION = "performance.publish_observation"
# Foreign keys are not re-checked one query each on bulk writes: the importer resolved them
# from the database itself, and the database's constraints stay the last guard.
# django-simple-history keeps the change reason in a 100-character field.
CHANGE_REASON_LENGTH = 100
# What a figure is: a change to any of these makes it a new draft needing sign-off again.
FIGURE_FIELDS = ("measure_id", "area_id", "period_start", "period_end", "value")
BULK_CLEAN_EXCLUDE = [
    "measure",
    "area",
    "entered_by",
    "verified_by",
    "quality_acknowledged_by",
    "returned_by",
]


# A sign-off step that the rules refuse, with a message for the person who tried.
WorkflowError = publication.SignOffError


class QualityNotAcknowledged(WorkflowError):
    """Publishing was asked for without acknowledging the data-quality warnings."""

    def __init__(self, warnings: dict[int, list[QualityWarning]]):
        self.warnings = warnings
        super().__init__(
            "The figures have data-quality warnings: read them and tick the acknowledgement "
            "before publishing."
        )


@dataclass
class BulkResult:
    """What a bulk step did: the observations changed and, for each refused one, why."""

    done: list[Observation] = field(default_factory=list)
    refused: list[tuple[Observation, str]] = field(default_factory=list)


def _require(user, permission: str, action: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(f"Only the performance lead can {action} figures.")


def _save(observation: Observation, user, reason: str = "") -> None:
    observation.full_clean()
    # The history middleware knows the user in a request; commands and tests say it here.
    observation._history_user = user
    if reason:
        observation._change_reason = reason[:CHANGE_REASON_LENGTH]
    observation.save()


def reset_sign_off(observation: Observation, user) -> None:
    """A changed value is a new draft by whoever changed it: its sign-off starts again."""
    observation.status = Status.DRAFT
    observation.entered_by = user
    observation.verified_by = None
    observation.verified_at = None
    observation.quality_warnings = ""
    observation.quality_acknowledged_by = None
    observation.quality_acknowledged_at = None
    _clear_return(observation)


def _clear_return(observation: Observation) -> None:
    observation.returned_reason = ""
    observation.returned_by = None
    observation.returned_at = None


verify_refusal = publication.verify_refusal
publish_refusal = publication.publish_refusal


@transaction.atomic
def observation_submit(*, observation: Observation, user) -> Observation:
    """Saves an officer's entry or change as a draft awaiting verification.

    A published figure cannot be changed here: it needs `observation_revise` and a reason.
    """
    if observation.pk:
        stored = Observation.objects.select_for_update().get(pk=observation.pk)
        changed = [n for n in FIGURE_FIELDS if getattr(stored, n) != getattr(observation, n)]
        if stored.status in (Status.PUBLISHED, Status.WITHDRAWN):
            return _change_public_note(stored, observation, user, changed)
        if changed:
            reset_sign_off(observation, user)
        elif stored.note != observation.note:
            _clear_return(observation)  # an explanation added: back to the lead
    else:
        reset_sign_off(observation, user)
    _save(observation, user)
    return observation


def _change_public_note(stored: Observation, observation: Observation, user, changed):
    """A published (or withdrawn) figure's note may be corrected by staff without a new
    sign-off: the note explains the figure, it is not the figure. The change is kept in the
    figure's history and the audit log; the value, period and status cannot change here."""
    if changed:
        raise WorkflowError(
            f"This figure is {stored.get_status_display().lower()}: use “Revise published "
            "value” and give a reason."
        )
    if stored.note == observation.note:
        return stored
    stored.note = observation.note
    _save(stored, user, reason="Note changed")
    audit_log("observation_note_changed", user=user, pk=stored.pk, record=str(stored))
    return stored


@transaction.atomic
def observation_withdraw(*, observation: Observation, user, reason: str) -> Observation:
    """Takes a published figure off every page, export and report, keeping it and saying on
    the measure's page when and why it was withdrawn. Published figures are never deleted."""
    return publication.signoff_withdraw(
        record=observation, user=user, reason=reason, permission=PUBLISH_PERMISSION
    )


def deletion_refusal(observation: Observation) -> str:
    if observation.status in (Status.PUBLISHED, Status.WITHDRAWN):
        return (
            f"{observation} has been published, so it is never deleted: the performance lead "
            "withdraws it with a reason instead."
        )
    return ""


@transaction.atomic
def observations_delete(*, observations: Sequence[Observation], user) -> None:
    """Deletes unpublished figures; refuses the whole request if any was ever published."""
    refusals = [deletion_refusal(o) for o in observations if deletion_refusal(o)]
    if refusals:
        raise WorkflowError(refusals)
    for observation in observations:
        observation._history_user = user
        observation.delete()


@transaction.atomic
def observation_verify(*, observation: Observation, user) -> Observation:
    _require(user, VERIFY_PERMISSION, "verify")
    _clear_return(observation)
    return publication.signoff_verify(record=observation, user=user, permission=VERIFY_PERMISSION)


@transaction.atomic
def observation_return(*, observation: Observation, user, reason: str) -> Observation:
    """Sends a draft back to the officer who entered it, with the lead's reason; it stays a
    draft, shown to the officer in the quarter's grid, until they change it."""
    _require(user, VERIFY_PERMISSION, "send back")
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError({"reason": "Say why the figure is sent back, for the officer."})
    if observation.status != Status.DRAFT:
        raise WorkflowError(
            f"{observation} is {observation.get_status_display().lower()}: only a draft "
            "awaiting verification can be sent back."
        )
    observation.returned_reason = reason
    observation.returned_by = user
    observation.returned_at = timezone.now()
    _save(observation, user, reason=f"Sent back: {reason}")
    return observation


@transaction.atomic
def quarter_entry_save(
    *, user, figures: Sequence[Observation], commentary: Sequence, progress: Sequence = ()
) -> int:
    """Saves a quarter's grid in one go: each new or changed figure as a draft by `user`
    (observation_submit's rules), each priority's changed commentary as a draft, and each
    commitment's new or changed progress update as a draft (delivery.signoff's rules).
    All or nothing: one refused figure leaves every figure as it was. Returns how many
    figures, texts and updates were saved."""
    for observation in figures:
        observation_submit(observation=observation, user=user)
    for text in commentary:
        # Changed words are a draft by their writer, published with the quarter's figures.
        commentary_submit(commentary=text, user=user)
    for update in progress:
        signoff.submit(record=update, user=user)
    return len(figures) + len(commentary) + len(progress)


@transaction.atomic
def observation_publish(
    *, observation: Observation, user, acknowledge_warnings: bool = False
) -> Observation:
    result = observations_publish(
        observations=[observation], user=user, acknowledge_warnings=acknowledge_warnings
    )
    if result.refused:
        raise WorkflowError(result.refused[0][1])
    return result.done[0]


@transaction.atomic
def observation_revise(
    *, observation: Observation, user, value: Decimal, reason: str, note: str | None = None
) -> Revision:
    """Changes a published figure, keeping the old value, the reason and the author."""
    _require(user, PUBLISH_PERMISSION, "revise published")
    observation = (
        Observation.objects.select_for_update().select_related("measure").get(pk=observation.pk)
    )
    reason = (reason or "").strip()
    if observation.status != Status.PUBLISHED:
        raise WorkflowError("Only a published figure is revised; change a draft directly.")
    if not reason:
        raise WorkflowError({"reason": "Give the reason for revising a published figure."})
    problem = value_problem(observation.measure.unit, value)
    if problem:
        raise WorkflowError({"value": problem})
    if value == observation.value:
        raise WorkflowError({"value": "The new value is the same as the published one."})
    revision = Revision(
        observation=observation,
        old_value=observation.value,
        new_value=value,
        reason=reason,
        revised_by=user,
    )
    revision.full_clean()
    revision.save()
    observation.value = value
    if note is not None:
        observation.note = note
    _save(observation, user, reason=f"Revised: {reason}")
    return revision


@transaction.atomic
def observations_verify(*, observations: Iterable[Observation], user) -> BulkResult:
    """Verifies every selected draft the user may verify; says why the others were not."""
    _require(user, VERIFY_PERMISSION, "verify")
    result = BulkResult()
    now = timezone.now()
    for observation in observations:
        refusal = verify_refusal(observation, user)
        if refusal:
            result.refused.append((observation, refusal))
            continue
        observation.status = Status.VERIFIED
        observation.verified_by = user
        observation.verified_at = now
        _clear_return(observation)
        result.done.append(observation)
    fields = ["status", "verified_by", "verified_at"]
    fields += ["returned_reason", "returned_by", "returned_at"]
    _bulk_update(result.done, user, fields, "Verified")
    return result


def publication_warnings(*, observations: Sequence[Observation]) -> dict[int, list]:
    """The data-quality warnings of the observations about to be published, by id."""
    found = quality_warnings(candidates=observations)
    return {obs.pk: warnings for obs, warnings in zip(observations, found, strict=True) if warnings}


@transaction.atomic
def observations_publish(
    *, observations: Iterable[Observation], user, acknowledge_warnings: bool = False
) -> BulkResult:
    """Publishes the verified observations; the lead must acknowledge any quality warnings,
    and who acknowledged them, when and what they said is kept on each figure."""
    _require(user, PUBLISH_PERMISSION, "publish")
    result = BulkResult()
    for observation in observations:
        refusal = publish_refusal(observation, user)
        if refusal:
            result.refused.append((observation, refusal))
        else:
            result.done.append(observation)
    warnings = publication_warnings(observations=result.done)
    if warnings and not acknowledge_warnings:
        raise QualityNotAcknowledged(warnings)
    now = timezone.now()
    for observation in result.done:
        observation.status = Status.PUBLISHED
        observation.published_by = user
        observation.published_at = now
        if observation.pk in warnings:
            observation.quality_warnings = "\n".join(str(w) for w in warnings[observation.pk])
            observation.quality_acknowledged_by = user
            observation.quality_acknowledged_at = now
    fields = ["status", "published_by", "published_at", "quality_warnings"]
    fields += ["quality_acknowledged_by", "quality_acknowledged_at"]
    _bulk_update(result.done, user, fields, "Published")
    return result


@transaction.atomic
def quarter_publish(
    *, observations: Sequence[Observation], commentary: Sequence, user, acknowledge_warnings=False
) -> BulkResult:
    """Publishes a reviewed quarter in one step: its verified figures (observations_publish's
    rules, warnings acknowledged) and the priorities' commentary written for it, which the lead
    verifies and publishes here unless they wrote it (then it waits for someone else)."""
    result = observations_publish(
        observations=observations, user=user, acknowledge_warnings=acknowledge_warnings
    )
    for text in commentary:
        refusal = (
            publication.verify_refusal(text, user) if text.status == Status.DRAFT else ""
        ) or (publication.publish_refusal(text, user) if text.status != Status.DRAFT else "")
        if text.status == Status.PUBLISHED:
            continue
        if refusal:
            result.refused.append((text, refusal))
            continue
        if text.status == Status.DRAFT:
            commentary_verify(commentary=text, user=user)
        commentary_publish(commentary=text, user=user)
    return result


def _bulk_update(observations: list[Observation], user, fields: list[str], reason: str):
    for observation in observations:
        observation.full_clean(
            exclude=BULK_CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False
        )
    if observations:
        bulk_update_with_history(
            observations,
            Observation,
            fields,
            batch_size=500,
            default_user=user,
            default_change_reason=reason,
        )


@transaction.atomic
def observations_import(
    *,
    new: Iterable[Observation],
    updates: Sequence[Observation],
    revisions: Sequence[Revision],
    user,
    source: str,
    validated: bool = False,
) -> None:
    """Writes an import in one transaction: new drafts, updated drafts and revised published
    figures, each with exactly one history row naming the user and the file.

    Every figure is validated with the model's rules (full_clean) unless the caller says it
    has just done so (`validated`: the open-data import reports each figure's problems with its
    table and cell); the database's constraints are the last guard either way.

    `new` may be a generator: it is validated and written IMPORT_BATCH figures at a time, so an
    import of 100,000 figures never holds them all as model instances. The history rows are
    copied from the written rows in the database (core.history.record_rows_as_stored)."""
    if revisions:
        _require(user, PUBLISH_PERMISSION, "revise published")
    for revision in revisions:
        revision.full_clean(exclude=["observation", "revised_by"])
    reason = f"Imported from {source}"[:CHANGE_REASON_LENGTH]
    # One moment for the whole import: its history rows are one change.
    now = timezone.now()
    for batch in _batches(new, IMPORT_BATCH):
        for observation in batch:
            observation.unit = observation.measure.unit  # bulk_create skips save()
        if not validated:
            _full_clean(batch)
        Observation.objects.bulk_create(batch, batch_size=500)
        record_rows_as_stored(
            Observation,
            [observation.pk for observation in batch],
            history_type="+",
            user=user,
            reason=reason,
            when=now,
        )
    if not validated:
        _full_clean(updates)
    if updates:
        Observation.objects.bulk_update(list(updates), IMPORT_UPDATE_FIELDS, batch_size=500)
        # A revised published figure's history row gives the revision's reason.
        by_reason: dict[str, list[int]] = {}
        for observation in updates:
            own = getattr(observation, "_change_reason", None) or reason
            by_reason.setdefault(own[:CHANGE_REASON_LENGTH], []).append(observation.pk)
        for own, pks in by_reason.items():
            record_rows_as_stored(
                Observation, pks, history_type="~", user=user, reason=own, when=now
            )
    Revision.objects.bulk_create(revisions, batch_size=500)


# Figures an import validates and writes at a time: the memory an import needs stays that of a
# few thousand model instances, however long the file.
IMPORT_BATCH = 2000
IMPORT_UPDATE_FIELDS = [
    "value",
    "note",
    "status",
    "entered_by",
    "verified_by",
    "verified_at",
    "quality_warnings",
    "quality_acknowledged_by",
    "quality_acknowledged_at",
    "returned_reason",
    "returned_by",
    "returned_at",
]


def _full_clean(observations: Iterable[Observation]) -> None:
    for observation in observations:
        observation.full_clean(
            exclude=BULK_CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False
        )


def _batches(items: Iterable, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- Commentary: the same sign-off as the figures ------------------------------------------

COMMENTARY_FIELDS = ("priority_id", "measure_id", "period_start", "period_end", "text")


def commentary_submit(*, commentary, user):
    """Saves an officer's commentary; changed text is a new draft by whoever wrote it."""
    return publication.signoff_submit(
        record=commentary, user=user, content_fields=COMMENTARY_FIELDS
    )


def commentary_verify(*, commentary, user):
    return publication.signoff_verify(record=commentary, user=user)


def commentary_publish(*, commentary, user):
    return publication.signoff_publish(record=commentary, user=user)


def commentary_withdraw(*, commentary, user, reason: str):
    return publication.signoff_withdraw(record=commentary, user=user, reason=reason)


# --- How a measure's figures are judged ---------------------------------------------------------

JUDGEMENT_FIELDS = ("direction_of_good", "target_operator", "target_value")


def measure_set_judgement(*, measure, user, changes: dict, reason: str) -> list[str]:
    """Changes a measure's direction of good or target, which changes how every published
    figure of it is judged: the lead's act, with a reason kept in the measure's history."""
    return publication.lead_change(
        record=measure,
        user=user,
        changes=changes,
        fields=JUDGEMENT_FIELDS,
        reason=reason,
        event="measure_judgement_changed",
        action="change how a measure's figures are judged",
    )


@transaction.atomic
def edition_publish(*, edition, user) -> int:
    """Publishes every unpublished figure of an official publication's edition at once.

    Only the performance lead may; the figures are the publisher's, so the rule that nobody
    signs off their own entry does not apply, and each figure records that the lead published
    it from this edition, with the data-quality warnings they accepted by doing so. Returns how
    many figures were published."""
    _require(user, PUBLISH_PERMISSION, "publish")
    observations = list(
        Observation.objects.filter(
            pk__in=FigureSource.objects.filter(edition=edition, observation__isnull=False).values(
                "observation_id"
            )
        )
        .exclude(status=Status.PUBLISHED)
        .select_related("measure", "area")
    )
    if not observations and edition.published_at is not None:
        return 0  # published already: publishing again changes nothing
    warnings = publication_warnings(observations=observations)
    now = timezone.now()
    signed_off = {
        "status": Status.PUBLISHED,
        "verified_by": user,
        "verified_at": now,
        "published_by": user,
        "published_at": now,
        "updated_at": now,
    }
    flagged = []
    for observation in observations:
        for name, value in signed_off.items():
            setattr(observation, name, value)
        if observation.pk in warnings:
            observation.quality_warnings = "\n".join(str(w) for w in warnings[observation.pk])
            observation.quality_acknowledged_by = user
            observation.quality_acknowledged_at = now
            flagged.append(observation)
    # Every figure gets the same sign-off: one UPDATE, not a CASE per row (an edition holds
    # thousands of figures); only those with warnings need their own values.
    Observation.objects.filter(pk__in=[o.pk for o in observations]).update(**signed_off)
    quality = ["quality_warnings", "quality_acknowledged_by", "quality_acknowledged_at"]
    Observation.objects.bulk_update(flagged, quality, batch_size=500)
    Observation.history.bulk_history_create(
        observations,
        update=True,
        default_user=user,
        default_change_reason=f"Published from {edition}"[:CHANGE_REASON_LENGTH],
        default_date=now,
    )
    edition.published_by, edition.published_at = user, now
    edition.save(update_fields=["published_by", "published_at"])
    return len(observations)
