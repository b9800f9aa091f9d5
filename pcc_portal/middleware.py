"""Session lifetime for signed-in users.

Idle timeout: a session expires SESSION_COOKIE_AGE after it was last saved, and a request saves
it (moving the expiry on) once SESSION_ACTIVITY_SECONDS have passed since the last save. That
is SESSION_SAVE_EVERY_REQUEST at most once a minute: a page costs no session write while a
user clicks through, and the timeout is exact to within that minute.

Absolute lifetime: even a session in constant use ends SESSION_ABSOLUTE_SECONDS after its user
signed in, and the password is asked for again."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import timezone

LOGIN_TIME_KEY = "pcc_login_at"
ACTIVITY_KEY = "pcc_seen_at"
EXPIRED = "absolute_lifetime"


def now_seconds() -> int:
    return int(timezone.now().timestamp())


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = now_seconds()
            # A session from before this rule started counts from now.
            signed_in_at = request.session.setdefault(LOGIN_TIME_KEY, now)
            if now - request.session.get(ACTIVITY_KEY, 0) >= settings.SESSION_ACTIVITY_SECONDS:
                request.session[ACTIVITY_KEY] = now  # saves the session with a fresh expiry
            if now - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
                # Read by the user_logged_out receiver, which logs the reason.
                request.pcc_logout_reason = EXPIRED
                logout(request)
                hours = settings.SESSION_ABSOLUTE_SECONDS // 3600
                messages.warning(
                    request,
                    f"You have been signed out because a session lasts at most {hours} hours. "
                    "Please sign in again.",
                )
        return self.get_response(request)
