"""Passwords are stored with Argon2id; a PBKDF2 hash from before is replaced by an Argon2id one
the next time its owner signs in. The test settings hash with MD5 for speed, so these tests
put the portal's real list of hashers back."""

import pytest
from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    PBKDF2PasswordHasher,
    identify_hasher,
)
from django.test import Client, override_settings
from django.utils.module_loading import import_string

from pcc_portal import settings as portal_settings

PASSWORD = "a-long-test-password"  # tests.factories.UserFactory
REAL_HASHERS = override_settings(PASSWORD_HASHERS=portal_settings.PASSWORD_HASHERS)


def test_the_portal_hashes_with_argon2id_first_and_still_reads_pbkdf2():
    first = import_string(portal_settings.PASSWORD_HASHERS[0])
    assert issubclass(first, Argon2PasswordHasher)
    # One of the OWASP Password Storage Cheat Sheet's minimum settings for Argon2id.
    assert (first.memory_cost, first.time_cost, first.parallelism) == (7 * 1024, 5, 1)
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in portal_settings.PASSWORD_HASHERS


class EarlierPortalHasher(Argon2PasswordHasher):
    """The portal's setting before this one (19 MiB, 2 passes)."""

    time_cost, memory_cost, parallelism = 2, 19 * 1024, 1


@pytest.mark.django_db
@REAL_HASHERS
@pytest.mark.parametrize(
    ("hasher", "cost"),
    [(Argon2PasswordHasher, "m=102400,t=2,p=8"), (EarlierPortalHasher, "m=19456,t=2,p=1")],
)
def test_a_hash_with_other_argon2_costs_is_remade_at_the_portals_on_sign_in(
    panel_member, hasher, cost
):
    panel_member.password = hasher().encode(PASSWORD, "argon2saltvalue1")
    panel_member.save(update_fields=["password"])
    assert cost in panel_member.password

    response = Client().post(
        "/accounts/login/", {"username": panel_member.username, "password": PASSWORD}
    )

    assert response.status_code == 302
    panel_member.refresh_from_db()
    assert panel_member.password.startswith("argon2$argon2id$v=19$m=7168,t=5,p=1$")
    assert panel_member.check_password(PASSWORD)


@pytest.fixture
def pbkdf2_hash(panel_member):
    """The panel member's password as Django stored them before (PBKDF2; fewer iterations than
    Django's default only to keep the test quick: the upgrade is decided by the algorithm, not
    the iterations)."""
    old = PBKDF2PasswordHasher().encode(PASSWORD, "pbkdf2saltvalue1", iterations=1000)
    panel_member.password = old
    panel_member.save(update_fields=["password"])
    return old


@pytest.mark.django_db
@REAL_HASHERS
def test_a_pbkdf2_password_becomes_argon2id_when_its_owner_signs_in(panel_member, pbkdf2_hash):
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": panel_member.username, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(panel_member.pk)
    panel_member.refresh_from_db()
    assert panel_member.password.startswith("argon2$argon2id$v=19$m=7168,t=5,p=1$")
    assert identify_hasher(panel_member.password).algorithm == "argon2"
    assert panel_member.check_password(PASSWORD)
    assert not panel_member.check_password("pbkdf2saltvalue1")


@pytest.mark.django_db
@REAL_HASHERS
def test_a_wrong_password_leaves_the_pbkdf2_hash_as_it_was(panel_member, pbkdf2_hash):
    response = Client().post(
        "/accounts/login/", {"username": panel_member.username, "password": "not-the-password"}
    )

    assert "Please enter a correct username and password" in response.content.decode()
    panel_member.refresh_from_db()
    assert panel_member.password == pbkdf2_hash
