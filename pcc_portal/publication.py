"""Publishing is the performance lead's act: the sign-off every app's records share.

Two kinds of record decide what the public sees:

- Records entered by officers and signed off (figures, commentary, composed narrative) inherit
  `SignOff`: draft → verified → published, and a published one is **withdrawn** with a reason,
  never deleted. Nobody verifies or publishes what they entered; only the lead verifies,
  publishes and withdraws. `signoff_verify`, `signoff_publish` and `signoff_withdraw` do it for
  any such model; `signoff_submit` makes an officer's change a new draft.
- Fields that decide what the public sees on other records (a grant's publication, a decision's
  restriction, a meeting's agenda publication date, a measure's direction of good and target)
  change only through `lead_change`, which the apps' named services call.

Every act checks the lead's role, keeps who and why in the record's history (when it has one)
and writes a line to the audit log.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from .access import is_opcc_staff, is_performance_lead
from .audit import audit_log

# django-simple-history keeps the change reason in a 100-character field.
CHANGE_REASON_LENGTH = 100


class SignOffStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    VERIFIED = "verified", "Verified"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Records still going through sign-off: only OPCC staff ever see them.
NOT_YET_PUBLIC = frozenset({SignOffStatus.DRAFT, SignOffStatus.VERIFIED})


class SignOffError(ValidationError):
    """A sign-off step the rules refuse, with a message for the person who tried."""


class SignOffQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=SignOffStatus.PUBLISHED)

    def withdrawn(self):
        return self.filter(status=SignOffStatus.WITHDRAWN)

    def awaiting_sign_off(self):
        """What the lead still has to sign off: drafts to verify and verified records to
        publish (published and withdrawn ones are done with)."""
        return self.filter(status__in=NOT_YET_PUBLIC)

    def visible_to(self, user, *, show_drafts: bool = False):
        """Published records for everyone; drafts too for OPCC staff who ask for them. A
        withdrawn record is nobody's current content (pages say where it was withdrawn)."""
        if show_drafts and is_opcc_staff(user):
            return self.exclude(status=SignOffStatus.WITHDRAWN)
        return self.published()


def user_key(**extra):
    """The staff member who did something to a record; emptied, not deleted, if the account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **extra,
    )


class PublishedFlagQuerySet(models.QuerySet):
    """Records the lead publishes with an `is_published` flag (grants, a year's finance tables)."""

    def published(self):
        return self.filter(is_published=True)

    def withdrawn(self):
        return self.filter(is_published=False, withdrawn_at__isnull=False)

    def visible_to(self, user, *, show_drafts: bool = False):
        """Published records for everyone; unpublished ones too for OPCC staff who ask."""
        if show_drafts and is_opcc_staff(user):
            return self
        return self.published()


class Withdrawable(models.Model):
    """Who withdrew a published record, when and why: readers see it where the record was."""

    withdrawn_by = user_key(editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(
        blank=True, editable=False, help_text="Published where the record used to be."
    )

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        """A record that was published and is now taken off the public pages."""
        return not self.is_published and self.withdrawn_at is not None

    @property
    def withdrawal_text(self) -> str:
        """What readers see where a withdrawn record used to be."""
        if not self.is_withdrawn or self.withdrawn_at is None:
            return ""
        day = timezone.localtime(self.withdrawn_at)
        return f"Withdrawn on {day:%-d %B %Y}: {self.withdrawal_reason}"


class SignOff(Withdrawable):
    """The sign-off state of a record officers enter and the performance lead publishes."""

    status = models.CharField(
        max_length=10, choices=SignOffStatus.choices, default=SignOffStatus.DRAFT
    )
    entered_by = user_key()
    verified_by = user_key()
    verified_at = models.DateTimeField(null=True, blank=True)
    published_by = user_key(editable=False)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == SignOffStatus.PUBLISHED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == SignOffStatus.WITHDRAWN


def signoff_permissions(model_name: str, plural: str) -> list[tuple[str, str]]:
    """A signed-off model's own permissions (`Meta.permissions`): whoever holds them may verify
    or publish its records, e.g. `performance.verify_observation`."""
    return [
        (f"verify_{model_name}", f"Can verify {plural}"),
        (f"publish_{model_name}", f"Can publish {plural}"),
    ]


# --- Rules ---------------------------------------------------------------------------------


def require_lead(user, action: str, permission: str | None = None) -> None:
    """Only the performance lead (or whoever holds `permission`) may `action`."""
    allowed = user.has_perm(permission) if permission else is_performance_lead(user)
    if not allowed:
        raise PermissionDenied(f"Only the performance lead can {action}.")


def _entered_by(record, user) -> bool:
    return record.entered_by_id is not None and record.entered_by_id == user.pk


def verify_refusal(record, user) -> str:
    """Why `user` may not verify `record`, or "" if they may."""
    if record.status != SignOffStatus.DRAFT:
        return f"{record} is {record.get_status_display().lower()}, not a draft."
    if _entered_by(record, user):
        return f"You entered {record}, so someone else must verify it."
    return ""


def publish_refusal(record, user) -> str:
    """Why `user` may not publish `record`, or "" if they may. Whoever verified it, the person
    who entered a record never publishes it."""
    if record.status != SignOffStatus.VERIFIED:
        return (
            f"{record} is {record.get_status_display().lower()}: only verified "
            "records can be published."
        )
    if _entered_by(record, user):
        return f"You entered {record}, so someone else must publish it."
    return ""


def withdraw_refusal(record, reason: str) -> str:
    if record.status != SignOffStatus.PUBLISHED:
        return f"{record} is not published, so there is nothing to withdraw."
    if not (reason or "").strip():
        return "Give the reason for withdrawing: it is shown where the record used to be."
    return ""


def reset_sign_off(record, user) -> None:
    """A new or changed record is a draft by whoever wrote it: its sign-off starts again."""
    record.status = SignOffStatus.DRAFT
    record.entered_by = user
    record.verified_by = None
    record.verified_at = None
    record.published_by = None
    record.published_at = None


def save_with_reason(record, user, reason: str = "", *, update_fields=None) -> None:
    """Saves `record` checked, naming `user` and `reason` in its history if it keeps one."""
    record.full_clean()
    record._history_user = user
    if reason:
        record._change_reason = reason[:CHANGE_REASON_LENGTH]
    record.save(update_fields=update_fields)


def _audit(event: str, record, user, **fields) -> None:
    audit_log(
        f"{record._meta.model_name}_{event}",
        user=user,
        model=record._meta.label,
        pk=record.pk,
        record=str(record),
        **fields,
    )


def _take_step(record, user, status: str, step: str, *, history: str, **audit) -> SignOff:
    """Moves `record` to `status`, keeping who took the step and when (`<step>_by`,
    `<step>_at`), in its history and in the audit log."""
    record.status = status
    setattr(record, f"{step}_by", user)
    setattr(record, f"{step}_at", timezone.now())
    save_with_reason(record, user, history)
    _audit(step, record, user, **audit)
    return record


# --- Acts on one record ----------------------------------------------------------------------


@transaction.atomic
def signoff_submit(
    *, record: SignOff, user, content_fields: tuple[str, ...], related_changed: bool = False
) -> SignOff:
    """Saves an officer's entry or change. A change to any of `content_fields` (or, with
    `related_changed`, to what hangs on the record) makes it a new draft by `user`; a published
    or withdrawn record's content is not changed here."""
    if record.pk:
        stored = type(record).objects.select_for_update().get(pk=record.pk)
        changed = related_changed or [
            n for n in content_fields if getattr(stored, n) != getattr(record, n)
        ]
        if changed and stored.status in (SignOffStatus.PUBLISHED, SignOffStatus.WITHDRAWN):
            raise SignOffError(
                f"{stored} is {stored.get_status_display().lower()}: its content cannot be "
                "changed. Withdraw it and enter a new one, or ask the performance lead."
            )
        if changed:
            reset_sign_off(record, user)
    else:
        reset_sign_off(record, user)
    save_with_reason(record, user)
    return record


@transaction.atomic
def signoff_verify(*, record: SignOff, user, permission: str | None = None) -> SignOff:
    require_lead(user, "verify", permission)
    refusal = verify_refusal(record, user)
    if refusal:
        raise SignOffError(refusal)
    return _take_step(record, user, SignOffStatus.VERIFIED, "verified", history="Verified")


@transaction.atomic
def signoff_publish(*, record: SignOff, user, permission: str | None = None) -> SignOff:
    require_lead(user, "publish", permission)
    refusal = publish_refusal(record, user)
    if refusal:
        raise SignOffError(refusal)
    return _take_step(record, user, SignOffStatus.PUBLISHED, "published", history="Published")


@transaction.atomic
def signoff_withdraw(
    *, record: SignOff, user, reason: str, permission: str | None = None
) -> SignOff:
    """Takes a published record off the public pages, keeping it and saying why where it was."""
    require_lead(user, "withdraw published records", permission)
    refusal = withdraw_refusal(record, reason)
    if refusal:
        raise SignOffError({"withdrawal_reason": refusal})
    record.withdrawal_reason = reason.strip()
    return _take_step(
        record,
        user,
        SignOffStatus.WITHDRAWN,
        "withdrawn",
        history=f"Withdrawn: {record.withdrawal_reason}",
        reason=record.withdrawal_reason,
    )


def signoff_many(act, *, records, user, **kwargs) -> tuple[list, list[tuple[object, str]]]:
    """Applies one of the acts above to each record: (done, [(refused record, why)])."""
    done, refused = [], []
    for record in records:
        try:
            done.append(act(record=record, user=user, **kwargs))
        except SignOffError as error:
            refused.append((record, " ".join(error.messages)))
        except PermissionDenied as error:
            refused.append((record, str(error)))
    return done, refused


# --- Fields that decide what the public sees ----------------------------------------------------


@transaction.atomic
def lead_change(*, record, user, changes: dict, reason: str, event: str, action: str, fields=None):
    """Sets fields that decide what the public sees (`changes`, name → value; only `fields`
    if given): the lead's act, with a reason kept in the record's history and the audit log.
    Returns the names changed."""
    require_lead(user, action)
    reason = (reason or "").strip()
    allowed = set(fields) if fields is not None else set(changes)
    changed = {
        name: value
        for name, value in changes.items()
        if name in allowed and getattr(record, name) != value
    }
    if not changed:
        return []
    if not reason:
        raise ValidationError(f"Give the reason to {action}: it is kept in the record's history.")
    before = {name: getattr(record, name) for name in changed}
    for name, value in changed.items():
        setattr(record, name, value)
    save_with_reason(record, user, reason)
    audit_log(
        event,
        user=user,
        model=record._meta.label,
        pk=record.pk,
        record=str(record),
        reason=reason,
        **{f"{name}_was": before[name] for name in changed},
        **{name: value for name, value in changed.items()},
    )
    return list(changed)


def set_published(*, record, user, changes: dict, reason: str, noun: str) -> list[str]:
    """Publishes a record with an `is_published` flag, or withdraws it from the public pages
    and files, with the reason in its history and the audit log."""
    published = bool(changes.get("is_published", record.is_published))
    outcome = "published" if published else "withdrawn"
    changes = {"is_published": published}
    if published != record.is_published:
        # Readers see when and why where the record was; publishing again clears it.
        withdrawn = not published
        changes |= {
            "withdrawn_by": user if withdrawn else None,
            "withdrawn_at": timezone.now() if withdrawn else None,
            "withdrawal_reason": (reason or "").strip() if withdrawn else "",
        }
    changed = lead_change(
        record=record,
        user=user,
        changes=changes,
        reason=reason,
        event=f"{record._meta.model_name}_{outcome}",
        action=f"publish or withdraw {noun}",
    )
    return [name for name in changed if name == "is_published"]
