"""Sign-in events into the audit log (connected in PortalConfig.ready)."""

from axes.signals import user_locked_out
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import audit_log, client_ip
from .middleware import ACTIVITY_KEY, LOGIN_TIME_KEY, now_seconds


@receiver(user_logged_in, dispatch_uid="pcc_portal_login")
def record_login(sender, request, user, **kwargs):
    # The start of the session's absolute lifetime (SessionLifetimeMiddleware).
    request.session[LOGIN_TIME_KEY] = request.session[ACTIVITY_KEY] = now_seconds()
    audit_log("login", user=user, ip=client_ip(request))


@receiver(user_login_failed, dispatch_uid="pcc_portal_login_failed")
def record_failed_login(sender, credentials, request=None, **kwargs):
    # `credentials` has the password already masked by Django; only the name is kept.
    audit_log(
        "login_failed",
        username=credentials.get("username"),
        ip=client_ip(request) if request else None,
    )


@receiver(user_locked_out, dispatch_uid="pcc_portal_locked_out")
def record_lockout(sender, request, username, ip_address, **kwargs):
    audit_log("login_locked_out", username=username, ip=ip_address)


@receiver(user_logged_out, dispatch_uid="pcc_portal_logout")
def record_logout(sender, request, user, **kwargs):
    reason = getattr(request, "pcc_logout_reason", "signed_out")
    audit_log("logout", user=user, reason=reason, ip=client_ip(request) if request else None)
    # A sign-out the user did not ask for comes with its own explanation.
    if reason == "signed_out" and request is not None and hasattr(request, "_messages"):
        messages.info(request, "You have signed out.")
