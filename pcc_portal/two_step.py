"""Two-step sign-in for staff: a password, then a security code from an authenticator app.

Optional, and only for staff (users with Data entry): each turns it on for themselves at
/accounts/two-step/ by scanning a QR code and entering the code their app then shows. From
then on the password alone does not sign them in: it is remembered for PENDING_SECONDS and the
sign-in finishes only when a current code is entered (django-otp's TOTP devices, which slow
down repeated wrong codes). A session that never gave a code (one open before two-step sign-in
was turned on, say) is signed out on its next request. An administrator can remove a lost
phone's device in the admin (django-otp's "TOTP devices"), after which the password is enough
again until the user sets up a new one.
"""

import base64
import math

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import audit_log, client_ip
from .middleware import now_seconds

PENDING_KEY = "pcc_two_step_pending"
PENDING_SECONDS = 5 * 60
DEVICE_NAME = "Authenticator app"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


class SecurityCodeForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        max_length=20,
        error_messages={"required": "Enter the 6-digit security code from your authenticator app"},
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("The security code is 6 digits, like 123456")
        return code


def code_problem(device: TOTPDevice, code: str) -> str | None:
    """None when `code` is the device's current code; otherwise what to tell the user. Each
    wrong code doubles the wait before the next try (1, 2, 4 ... seconds), so guessing is
    hopeless; the row is locked meanwhile so that parallel guesses count too."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, details = device.verify_is_allowed()
        if allowed and device.verify_token(code):
            return None
    if not allowed:
        wait = math.ceil((details["locked_until"] - timezone.now()).total_seconds())
        return (
            f"Too many wrong security codes. Wait {max(wait, 1)} seconds, then enter the code "
            "your authenticator app shows then."
        )
    return "That security code is not right. Enter the code your authenticator app shows now."


class SignInView(LoginView):
    """Django's sign-in page; for a user with two-step sign-in on, the password only leads to
    the security code page."""

    def form_valid(self, form):
        user = form.get_user()
        if confirmed_device(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),
            "at": now_seconds(),
        }
        return redirect("sign-in-code")


def _pending_user(request):
    pending = request.session.get(PENDING_KEY)
    if not pending or now_seconds() - pending["at"] > PENDING_SECONDS:
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    """The second step: the security code, within PENDING_SECONDS of the password."""
    user, pending = _pending_user(request)
    device = confirmed_device(user) if user else None
    if device is None:
        request.session.pop(PENDING_KEY, None)
        messages.warning(
            request,
            f"Please sign in again: the security code must follow the password within "
            f"{PENDING_SECONDS // 60} minutes.",
        )
        return redirect("login")
    form = SecurityCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = code_problem(device, form.cleaned_data["code"])
        if problem is None:
            del request.session[PENDING_KEY]
            user.otp_device = device  # django-otp marks the new session as verified
            login(request, user, backend=pending["backend"])
            return redirect(pending["next"])
        audit_log("login_code_failed", user=user, ip=client_ip(request))
        form.add_error("code", problem)
    return render(request, "registration/sign_in_code.html", {"form": form})


def _staff_only(request):
    if not request.user.is_staff:
        raise PermissionDenied("Two-step sign-in is for staff with Data entry access.")


def _qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address (issuer: OTP_TOTP_ISSUER) as an inline SVG: no image
    request, no inline style, so the CSP needs nothing for it."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, title="QR code to scan with your authenticator app", svgclass="opcc-qr"
    )


def _secret(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


@login_required
@require_http_methods(["GET", "POST"])
def two_step_settings(request):
    """Turn two-step sign-in on (scan, then enter a code) or off (enter a code)."""
    _staff_only(request)
    user = request.user
    device = confirmed_device(user)
    form = SecurityCodeForm(request.POST or None)
    if device is not None:
        if request.method == "POST" and form.is_valid():
            problem = code_problem(device, form.cleaned_data["code"])
            if problem is None:
                TOTPDevice.objects.filter(user=user).delete()
                audit_log("two_step_off", user=user, ip=client_ip(request))
                messages.success(
                    request, "Two-step sign-in is off. Your password alone signs you in."
                )
                return redirect("two-step")
            form.add_error("code", problem)
        return render(request, "registration/two_step.html", {"device": device, "form": form})

    new_device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if new_device is None:
        new_device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    if request.method == "POST" and form.is_valid():
        problem = code_problem(new_device, form.cleaned_data["code"])
        if problem is None:
            new_device.confirmed = True
            new_device.save(update_fields=["confirmed"])
            otp_login(request, new_device)
            audit_log("two_step_on", user=user, ip=client_ip(request))
            messages.success(
                request,
                "Two-step sign-in is on. Next time you sign in, enter the code from your "
                "authenticator app after your password.",
            )
            return redirect("two-step")
        form.add_error("code", problem)
    secret = _secret(new_device)
    return render(
        request,
        "registration/two_step.html",
        {
            "form": form,
            "qr_svg": _qr_svg(new_device),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


class TwoStepMiddleware:
    """Signs out a staff session that never gave a security code although its user has
    two-step sign-in on. After OTPMiddleware, which tells whether the session gave one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.is_staff and self._code_missing(user):
            request.pcc_logout_reason = "security_code_missing"
            logout(request)
            messages.warning(
                request,
                "Please sign in again: two-step sign-in is on for your account, so a "
                "security code is needed.",
            )
            return redirect(f"{reverse('login')}?{urlencode({'next': request.path})}")
        return self.get_response(request)

    @staticmethod
    def _code_missing(user) -> bool:
        return not user.is_verified() and confirmed_device(user) is not None


def admin_sign_in(request):
    """The admin's own sign-in page would skip the security code: it sends people here. A
    signed-in reader who is not OPCC staff (a panel member) is told why the admin is closed to
    them, rather than asked to sign in again."""
    if request.user.is_authenticated and not request.user.is_staff:
        return render(request, "admin_staff_only.html", status=403)
    return redirect(f"{reverse('login')}?{urlencode({'next': request.GET.get('next', '/admin/')})}")
