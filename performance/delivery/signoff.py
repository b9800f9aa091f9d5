"""The sign-off every OPCC judgement shares with figures: draft → verified → published.

An officer's save is a draft by them; the performance lead verifies someone else's draft and
publishes what is verified, never their own entry; who did each step, and when, is kept on the
row and in its history. The status fields are not editable, so no admin form can publish.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from pcc_portal import audit_log
from pcc_portal.access import is_opcc_staff
from performance.models import Status

# django-simple-history keeps the change reason in a 100-character field.
CHANGE_REASON_LENGTH = 100


class SignOffQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user, *, show_drafts: bool = False):
        """Published rows for everyone; drafts too for OPCC staff who ask for them."""
        if show_drafts and is_opcc_staff(user):
            return self
        return self.published()


def _user_field():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )


class SignedOff(models.Model):
    """Who wrote, verified and published a row, and its status: set by the services only."""

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    entered_by = _user_field()
    verified_by = _user_field()
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = _user_field()
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The fields whose change makes a signed-off row a new draft (set by each model).
    SIGNED_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class WorkflowError(ValidationError):
    """A sign-off step the rules refuse, with a message for the person who tried."""


def permission(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def _require(user, model, action: str) -> None:
    if not user.has_perm(permission(model, action)):
        raise PermissionDenied(f"Only the performance lead can {action} these.")


def _save(record: SignedOff, user, reason: str) -> None:
    record.full_clean()
    record._history_user = user
    record._change_reason = reason[:CHANGE_REASON_LENGTH]
    record.save()


def verify_refusal(record: SignedOff, user) -> str:
    """Why `user` may not verify `record`, or "" if they may."""
    if record.status != Status.DRAFT:
        return f"{record} is {record.get_status_display().lower()}, not a draft."
    if record.entered_by_id is not None and record.entered_by_id == user.pk:
        return f"You wrote {record}, so someone else must verify it."
    return ""


def publish_refusal(record: SignedOff, user) -> str:
    """Why `user` may not publish `record`, or "" if they may."""
    if record.status != Status.VERIFIED:
        status = record.get_status_display().lower()
        return f"{record} is {status}: only what is verified is published."
    if record.entered_by_id is not None and record.entered_by_id == user.pk:
        return f"You wrote {record}, so someone else must publish it."
    return ""


@transaction.atomic
def submit(*, record: SignedOff, user, related_changed: bool = False) -> SignedOff:
    """Saves an officer's entry or change as a draft by them; a change to a verified row (or,
    with `related_changed`, to what hangs on it, such as its evidence) starts its sign-off
    again. A published row is not changed here: what it said stays on the record, and next
    quarter's update says what changed."""
    model = type(record)
    if record.pk:
        stored = model.objects.select_for_update().get(pk=record.pk)
        if stored.status == Status.PUBLISHED:
            raise WorkflowError(f"{stored} is published and can no longer be changed.")
        changed = related_changed or any(
            getattr(stored, name) != getattr(record, name) for name in model.SIGNED_FIELDS
        )
        if not changed:
            _save(record, user, "Saved")
            return record
    record.status = Status.DRAFT
    record.entered_by = user
    record.verified_by = record.verified_at = None
    _save(record, user, "Saved as a draft")
    return record


@transaction.atomic
def verify(*, record: SignedOff, user) -> SignedOff:
    _require(user, type(record), "verify")
    refusal = verify_refusal(record, user)
    if refusal:
        raise WorkflowError(refusal)
    record.status = Status.VERIFIED
    record.verified_by = user
    record.verified_at = timezone.now()
    _save(record, user, "Verified")
    return record


@transaction.atomic
def publish(*, record: SignedOff, user) -> SignedOff:
    _require(user, type(record), "publish")
    refusal = publish_refusal(record, user)
    if refusal:
        raise WorkflowError(refusal)
    record.status = Status.PUBLISHED
    record.published_by = user
    record.published_at = timezone.now()
    _save(record, user, "Published")
    audit_log(f"{record._meta.model_name}_published", user=user, id=record.pk, record=str(record))
    return record


def bulk(step, *, records, user) -> tuple[list[SignedOff], list[tuple[SignedOff, str]]]:
    """Runs `verify` or `publish` on each record; returns those done and, for the others, why
    not. The admin's list actions use it."""
    done, refused = [], []
    for record in records:
        try:
            done.append(step(record=record, user=user))
        except (WorkflowError, PermissionDenied) as error:
            refused.append((record, " ".join(getattr(error, "messages", [str(error)]))))
    return done, refused
