"""Optional two-step sign-in for staff (pcc_portal.two_step): set up with a QR code, then a
password and a security code; a session without a code is ended; turning off needs a code."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pcc_portal import two_step

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-staff-password-2021"
ADMIN = "/admin/"


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(current_code(device)) + 1) % 1_000_000:06d}"


@pytest.fixture
def staff(officer):
    officer.set_password(PASSWORD)
    officer.save()
    return officer


@pytest.fixture
def device(staff):
    return TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=True)


def text(response) -> str:
    return response.content.decode()


def sign_in_with_password(client: Client, next_url: str = ADMIN):
    return client.post(
        reverse("login"), {"username": "test-officer", "password": PASSWORD, "next": next_url}
    )


def test_a_staff_member_turns_two_step_sign_in_on(staff):
    client = Client()
    client.force_login(staff)
    page = text(client.get(reverse("two-step")))
    assert "<svg" in page and "QR code to scan with your authenticator app" in page
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    secret = re.search(r'class="govuk-body opcc-secret"><code>([A-Z2-7 ]+)</code>', page).group(1)
    assert len(secret.replace(" ", "")) == 32  # 20 random bytes, base32

    response = client.post(reverse("two-step"), {"code": wrong_code(device)})
    assert "That security code is not right" in text(response)
    device.refresh_from_db()
    assert not device.confirmed

    device.throttle_reset()
    response = client.post(reverse("two-step"), {"code": current_code(device)}, follow=True)
    assert "Two-step sign-in is on" in text(response)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(ADMIN).status_code == 200  # this session gave a code: still signed in


def test_the_password_alone_no_longer_signs_in(staff, device):
    client = Client()
    response = sign_in_with_password(client)
    assert response.status_code == 302 and response["Location"] == reverse("sign-in-code")
    assert SESSION_KEY not in client.session
    assert client.get(ADMIN).status_code == 302

    response = client.post(reverse("sign-in-code"), {"code": wrong_code(device)})
    assert "That security code is not right" in text(response)
    assert SESSION_KEY not in client.session

    device.throttle_reset()
    response = client.post(reverse("sign-in-code"), {"code": current_code(device)})
    assert response.status_code == 302 and response["Location"] == ADMIN
    assert client.session[SESSION_KEY] == str(staff.pk)
    assert client.get(ADMIN).status_code == 200


def test_wrong_codes_make_the_next_try_wait(staff, device):
    client = Client()
    sign_in_with_password(client)
    client.post(reverse("sign-in-code"), {"code": wrong_code(device)})
    response = client.post(reverse("sign-in-code"), {"code": current_code(device)})
    assert "Too many wrong security codes. Wait" in text(response)
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(
    "code, problem",
    [
        ("", "Enter the 6-digit security code from your authenticator app"),
        ("12345", "The security code is 6 digits, like 123456"),
        ("abcdef", "The security code is 6 digits, like 123456"),
    ],
)
def test_a_malformed_code_is_named(staff, device, code, problem):
    client = Client()
    sign_in_with_password(client)
    response = client.post(reverse("sign-in-code"), {"code": code})
    assert response.status_code == 200 and problem in text(response)
    device.refresh_from_db()
    assert device.throttling_failure_count == 0  # not counted as a guess


def test_the_code_must_follow_the_password_within_five_minutes(staff, device, monkeypatch):
    client = Client()
    sign_in_with_password(client)
    later = two_step.now_seconds() + two_step.PENDING_SECONDS + 1
    monkeypatch.setattr(two_step, "now_seconds", lambda: later)
    response = client.post(reverse("sign-in-code"), {"code": current_code(device)}, follow=True)
    assert "Please sign in again: the security code must follow the password" in text(response)
    assert SESSION_KEY not in client.session


def test_the_code_page_without_a_password_sends_to_sign_in(db):
    response = Client().get(reverse("sign-in-code"))
    assert response.status_code == 302 and response["Location"] == reverse("login")


def test_a_session_without_a_code_is_ended(staff):
    """A session signed in before two-step sign-in was turned on, on another device."""
    old_session = Client()
    old_session.force_login(staff)
    TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=True)

    response = old_session.get(ADMIN, follow=True)

    assert "two-step sign-in is on for your account, so a security code is needed" in text(response)
    assert SESSION_KEY not in old_session.session


def test_turning_off_needs_a_code(staff, device):
    client = Client()
    sign_in_with_password(client)
    client.post(reverse("sign-in-code"), {"code": current_code(device)})
    page = text(client.get(reverse("two-step")))
    assert "Two-step sign-in is <strong>on</strong>" in page

    device.throttle_reset()
    response = client.post(reverse("two-step"), {"code": wrong_code(device)})
    assert "That security code is not right" in text(response)
    assert TOTPDevice.objects.filter(user=staff).exists()

    device.refresh_from_db()
    device.throttle_reset()
    # A code is good once, and the sign-in used the current one: as if it had used the last.
    device.last_t -= 1
    device.save()
    response = client.post(reverse("two-step"), {"code": current_code(device)}, follow=True)
    assert "Two-step sign-in is off" in text(response)
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


def test_panel_members_cannot_open_the_two_step_page(panel_client):
    assert panel_client.get(reverse("two-step")).status_code == 403


def test_the_admin_sign_in_page_sends_to_the_portal_sign_in(db):
    response = Client().get("/admin/login/?next=/admin/performance/observation/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fperformance%2Fobservation%2F"


def test_staff_without_two_step_sign_in_still_sign_in_with_a_password(staff):
    client = Client()
    response = sign_in_with_password(client)
    assert response.status_code == 302 and response["Location"] == ADMIN
    assert client.session[SESSION_KEY] == str(staff.pk)


def test_the_staff_account_links_lead_to_two_step_sign_in(officer_client, panel_client):
    assert reverse("two-step") in text(officer_client.get("/"))
    assert reverse("two-step") not in text(panel_client.get("/"))


def test_the_audit_log_records_a_wrong_code(staff, device, caplog):
    client = Client()
    sign_in_with_password(client)
    with caplog.at_level("INFO", logger="pcc_portal.audit"):
        client.post(reverse("sign-in-code"), {"code": wrong_code(device)})
    [record] = caplog.records
    assert record.getMessage() == "login_code_failed"
    assert record.audit["user"] == "test-officer"
