"""Progress updates and assessments are signed off like figures, by the same rules
(pcc_portal.publication): draft → verified → published by the performance lead, never by whoever
entered them. Only what is particular to them is here: a published one is not changed at all
(next quarter's update says what changed) but withdrawn with a reason, a change to its evidence
starts its sign-off again, and each model has its own verify and publish permissions (whoever
may publish one may withdraw it)."""

from django.db import models, transaction

from pcc_portal.publication import (
    SignOff,
    SignOffError,
    SignOffStatus,
    signoff_many,
    signoff_publish,
    signoff_submit,
    signoff_verify,
    signoff_withdraw,
)

# The name the delivery code and its tests have always used for a refused step.
WorkflowError = SignOffError


class SignedOff(SignOff):
    """A quarterly judgement's sign-off, with when it was first written and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The fields whose change makes a signed-off row a new draft (set by each model).
    SIGNED_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True


def permission(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


@transaction.atomic
def submit(*, record: SignedOff, user, related_changed: bool = False) -> SignedOff:
    """Saves an officer's entry or change as a draft by them; a change to a verified row (or,
    with `related_changed`, to what hangs on it, such as its evidence) starts its sign-off
    again. A published row is not changed here: what it said stays on the record."""
    if record.pk:
        stored = type(record).objects.select_for_update().get(pk=record.pk)
        if stored.status in (SignOffStatus.PUBLISHED, SignOffStatus.WITHDRAWN):
            raise WorkflowError(f"{stored} is published and can no longer be changed.")
    return signoff_submit(
        record=record,
        user=user,
        content_fields=type(record).SIGNED_FIELDS,
        related_changed=related_changed,
    )


def verify(*, record: SignedOff, user) -> SignedOff:
    return signoff_verify(record=record, user=user, permission=permission(type(record), "verify"))


def publish(*, record: SignedOff, user) -> SignedOff:
    return signoff_publish(record=record, user=user, permission=permission(type(record), "publish"))


def withdraw(*, record: SignedOff, user, reason: str) -> SignedOff:
    """Takes a published update or assessment off the public pages, by whoever may publish it;
    the commitment's page says where it was, when it was withdrawn and why."""
    return signoff_withdraw(
        record=record, user=user, reason=reason, permission=permission(type(record), "publish")
    )


def bulk(step, *, records, user):
    """Runs `verify` or `publish` on each record: (done, [(refused record, why)])."""
    return signoff_many(step, records=records, user=user)
