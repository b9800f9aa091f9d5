"""Production hardening: deploy checks, headers and CSP, sign-in lockout, session lifetime,
sign-out, error pages without debug output, and the audit log."""

import datetime as dt
import json
import logging
import secrets

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import path
from django.utils import timezone

from pcc_portal import audit_log
from pcc_portal.audit import AUDIT_LOGGER, JsonLinesFormatter
from pcc_portal.urls import handler500  # noqa: F401 - the project's 500 page for these test URLs
from pcc_portal.urls import urlpatterns as portal_urlpatterns
from tests.portal.manage_process import manage

PASSWORD = "a-long-test-password"  # tests.factories.UserFactory


# --- Settings --------------------------------------------------------------------------------


def test_deploy_check_is_clean_with_production_environment():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="off",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_deploy_check_names_what_is_wrong_when_production_turns_a_protection_off():
    result = manage(
        "check",
        "--deploy",
        DEBUG="off",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.org",
        SECURE_SSL_REDIRECT="off",
        SECURE_COOKIES="off",
    )
    output = result.stdout + result.stderr
    assert "security.W008" in output  # SECURE_SSL_REDIRECT
    assert "security.W012" in output  # SESSION_COOKIE_SECURE
    assert "security.W016" in output  # CSRF_COOKIE_SECURE


def test_local_development_with_debug_on_serves_plain_http():
    script = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS)"
    )
    result = manage("shell", "--no-imports", "-c", script, DEBUG="on")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "False", "0"]


# --- Headers ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/no-such-page/"])
def test_every_page_carries_the_content_security_policy(anon_client, url):
    response = anon_client.get(url)
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in response["Content-Security-Policy"].split("; ")
    )
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    # Only the empty <style> plotly.js injects (sha256 of ""), never 'unsafe-inline'.
    assert directives["style-src"] == "'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    assert directives["img-src"] == "'self' data:"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_pages_forbid_framing_and_sniffing_and_keep_referrers_on_the_site(anon_client):
    response = anon_client.get("/", secure=True)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_to_https_except_the_health_check(anon_client):
    response = anon_client.get("/performance/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/performance/"
    # The load balancer's proxy header marks the request as already secure.
    behind_proxy = anon_client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert behind_proxy.status_code == 200
    assert anon_client.get("/healthz/").json()["status"] == "ok"


# --- Lockout ---------------------------------------------------------------------------------


def _sign_in(client, username, password, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_user_name_out_from_that_address(officer):
    client = Client()
    for _ in range(4):
        page = _sign_in(client, officer.username, "wrong-password").content.decode()
        assert "Please enter a correct username and password" in page
    fifth = _sign_in(client, officer.username, "wrong-password")
    assert fifth.status_code == 429
    assert "Too many failed sign-in attempts" in fifth.content.decode()
    # Even the right password is refused now, with the lockout page.
    right = _sign_in(client, officer.username, PASSWORD)
    assert right.status_code == 429
    page = right.content.decode()
    assert "blocked after 5 wrong passwords" in page
    assert "try again in 30 minutes" in page
    assert "_auth_user_id" not in client.session
    # Another address is not locked out (the lock is per user name and address).
    elsewhere = _sign_in(Client(REMOTE_ADDR="203.0.113.9"), officer.username, PASSWORD)
    assert elsewhere.status_code == 302


@pytest.mark.django_db
def test_four_wrong_passwords_then_the_right_one_signs_in(officer):
    client = Client()
    for _ in range(4):
        _sign_in(client, officer.username, "wrong-password")
    response = _sign_in(client, officer.username, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)


@pytest.mark.django_db
def test_the_admin_sign_in_page_cannot_get_round_the_portal_sign_in(officer):
    """Its lockout and two-step sign-in: the admin's own page only sends people there."""
    officer.set_password("a-long-staff-password-2021")
    officer.save()
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": officer.username, "password": "a-long-staff-password-2021"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert SESSION_KEY not in client.session


# --- Session lifetime ------------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch):
    """Moves Django's clock (sessions and the absolute lifetime both read timezone.now)."""

    class Clock:
        now = timezone.now()

        def advance(self, **delta):
            self.now += dt.timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def _signed_in(client) -> bool:
    """Whether the header offers to sign out, as it does only to a signed-in user."""
    return ">Sign out</button>" in client.get("/").content.decode()


@pytest.mark.django_db
def test_session_ends_after_30_idle_minutes_and_activity_keeps_it_alive(clock, officer):
    client = Client()
    client.force_login(officer)
    clock.advance(minutes=29)
    assert _signed_in(client)
    clock.advance(minutes=29)  # 58 minutes after signing in, 29 after the last request
    assert _signed_in(client)
    clock.advance(minutes=31)
    assert not _signed_in(client)


@pytest.mark.django_db
def test_session_expiry_moves_on_at_most_once_a_minute(clock, officer):
    client = Client()
    client.force_login(officer)
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)

    def expiry():
        session.refresh_from_db()
        return session.expire_date

    at_sign_in = expiry()
    clock.advance(seconds=30)
    client.get("/")
    assert expiry() == at_sign_in  # no session write while clicking through
    clock.advance(seconds=40)
    client.get("/")
    assert expiry() == at_sign_in + dt.timedelta(seconds=70)


@pytest.mark.django_db
def test_session_ends_10_hours_after_sign_in_however_active(clock, officer):
    client = Client()
    client.force_login(officer)
    for _ in range(20):  # a request every 29 minutes: 9 h 40 min
        clock.advance(minutes=29)
        assert _signed_in(client)
    clock.advance(minutes=29)  # 10 h 9 min
    page = client.get("/").content.decode()
    assert "Sign out" not in page
    assert "a session lasts at most 10 hours" in page
    assert not Session.objects.filter(session_key=client.cookies["sessionid"].value).exists()


# --- Sign-out --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_signing_out_ends_the_session_on_the_server(officer):
    client = Client()
    client.force_login(officer)
    old_key = client.cookies["sessionid"].value
    response = client.post("/accounts/logout/", follow=True)
    assert "You have signed out." in response.content.decode()
    assert not Session.objects.filter(session_key=old_key).exists()
    # Replaying the old cookie does not bring the session back.
    replay = Client()
    replay.cookies["sessionid"] = old_key
    assert not _signed_in(replay)


@pytest.mark.django_db
def test_opening_the_sign_out_address_asks_before_signing_out(officer_client, officer):
    page = officer_client.get("/accounts/logout/").content.decode()
    assert f"You are signed in as {officer.username}" in page
    assert 'action="/accounts/logout/"' in page
    assert _signed_in(officer_client)


# --- Error pages -----------------------------------------------------------------------------


def _boom(request):
    raise RuntimeError("secret-internal-detail DATABASES password=hunter2")


def _forbidden(request):
    raise PermissionDenied("internal reason")


urlpatterns = [
    path("test-errors/boom/", _boom),
    path("test-errors/forbidden/", _forbidden),
    *portal_urlpatterns,
]


@pytest.mark.django_db
def test_missing_page_shows_the_site_page_without_debug_information(anon_client):
    response = anon_client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-xl">Page not found</h1>' in page
    assert "Lancashire Police and Crime Commissioner" in page  # the site's header
    for leak in ("Traceback", "URLconf", "DEBUG", "pcc_portal.urls", "SECRET"):
        assert leak not in page


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_server_error_shows_the_site_page_without_the_exception():
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert "Lancashire Police and Crime Commissioner" in page
    for leak in ("secret-internal-detail", "hunter2", "Traceback", "RuntimeError"):
        assert leak not in page


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_forbidden_page_offers_sign_in_to_the_public(anon_client):
    response = anon_client.get("/test-errors/forbidden/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "You cannot open this page" in page
    assert 'href="/accounts/login/?next=/test-errors/forbidden/"' in page
    assert "internal reason" not in page


@pytest.mark.django_db
def test_expired_form_explains_that_nothing_was_saved():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Your form has expired" in page
    assert "Nothing was saved" in page
    assert "CSRF" not in page


# --- Audit log -------------------------------------------------------------------------------


def _audit_lines(caplog) -> list[dict]:
    formatter = JsonLinesFormatter()
    return [
        json.loads(formatter.format(record))
        for record in caplog.records
        if record.name == AUDIT_LOGGER
    ]


@pytest.mark.django_db
def test_sign_in_failed_sign_in_and_sign_out_are_logged_as_json_lines(caplog, officer):
    caplog.set_level(logging.INFO, logger=AUDIT_LOGGER)
    client = Client()
    _sign_in(client, officer.username, "wrong-password")
    _sign_in(client, officer.username, PASSWORD)
    client.post("/accounts/logout/")
    lines = _audit_lines(caplog)
    assert [line["event"] for line in lines] == ["login_failed", "login", "logout"]
    failed, login, logout = lines
    assert failed["username"] == officer.username
    assert failed["ip"] == "127.0.0.1"
    assert login["user"] == officer.username
    assert logout["user"] == officer.username
    assert logout["reason"] == "signed_out"
    assert all(line["logger"] == AUDIT_LOGGER and line["level"] == "INFO" for line in lines)
    assert "wrong-password" not in caplog.text
    assert PASSWORD not in caplog.text


@pytest.mark.django_db
def test_lockout_is_logged(caplog, officer):
    caplog.set_level(logging.INFO, logger=AUDIT_LOGGER)
    client = Client()
    for _ in range(5):
        _sign_in(client, officer.username, "wrong-password")
    events = [line["event"] for line in _audit_lines(caplog)]
    assert events.count("login_failed") == 5
    assert "login_locked_out" in events


def test_audit_log_helper_writes_the_event_and_its_fields(caplog, lead):
    caplog.set_level(logging.INFO, logger=AUDIT_LOGGER)
    audit_log("observation_published", user=lead, observation=42, measure="All crime")
    (line,) = _audit_lines(caplog)
    assert line["event"] == "observation_published"
    assert line["user"] == "test-lead"
    assert line["observation"] == 42
    assert line["measure"] == "All crime"
    assert dt.datetime.fromisoformat(line["time"]).tzinfo is not None


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_client_address_behind_the_load_balancer_ignores_what_the_client_forged(rf):
    from pcc_portal.audit import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "198.51.100.7"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"
