"""Admin sign-in is locked after a few failures (django-axes), with a clear page."""

import pytest
from django.conf import settings
from django.test import override_settings

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def staff():
    user = UserFactory(username="editor1", is_staff=True, is_superuser=True)
    user.set_password("right-password-2026")
    user.save()
    return user


def attempt(client, password, username="editor1", address="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_wrong_passwords_lock_the_account_with_a_clear_message(client, staff):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = attempt(client, "guess")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text

    locked = attempt(client, "guess")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.text
    assert "paused for 15 minutes" in locked.text
    assert locked["Retry-After"] == "900"

    # Even the right password is refused while the lock lasts, and nobody is
    # signed in.
    refused = attempt(client, "right-password-2026")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_the_lock_holds_for_the_account_from_another_address(client, staff):
    for i in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "guess", address=f"198.51.100.{i}")
    assert (
        attempt(client, "right-password-2026", address="192.0.2.1").status_code == 429
    )


def test_one_address_guessing_many_accounts_is_locked(client, staff):
    for i in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "guess", username=f"nobody{i}")
    response = attempt(client, "right-password-2026")
    assert response.status_code == 429
    # The page does not say whether the account exists.
    assert "editor1" not in response.text


def test_a_few_typos_then_the_right_password_signs_in_and_resets(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        attempt(client, "typo")
    response = attempt(client, "right-password-2026")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    client.logout()
    # The count started again after the success.
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "typo").status_code == 200


@override_settings(BEHIND_PROXY=True)
def test_behind_the_proxy_the_forwarded_address_is_the_one_locked(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": f"x{_}", "password": "guess"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.50",
        )
    # Another reader behind the same proxy is not locked out...
    ok = client.post(
        LOGIN,
        {"username": "editor1", "password": "right-password-2026", "next": "/admin/"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.51",
    )
    assert ok.status_code == 302
    client.logout()
    # ...and a forged left-hand address does not get the locked client out.
    forged = client.post(
        LOGIN,
        {"username": "editor1", "password": "right-password-2026"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.50",
    )
    assert forged.status_code == 429
