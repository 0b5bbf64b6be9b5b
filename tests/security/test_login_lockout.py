"""Admin sign-in is locked after a few failures (django-axes), with a clear page."""

import pytest
from django.conf import settings
from django.core import mail
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

    # Even the right password is refused from there while the lock lasts, and
    # nobody is signed in.
    refused = attempt(client, "right-password-2026")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_an_attacker_locked_out_does_not_lock_the_owner_out(client, staff):
    """Five wrong passwords for the account lock the attacker's address only."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "guess", address="198.51.100.66")
    assert (
        attempt(client, "right-password-2026", address="198.51.100.66").status_code
        == 429
    )

    owner = attempt(client, "right-password-2026", address="192.0.2.1")
    assert owner.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)
    client.logout()
    # Still locked where the guessing came from.
    assert (
        attempt(client, "right-password-2026", address="198.51.100.66").status_code
        == 429
    )


def test_rotating_addresses_meets_the_ceiling_but_the_owner_gets_in_from_home(
    client, staff, settings
):
    settings.LOGIN_ACCOUNT_CEILING = 12
    assert (
        attempt(client, "right-password-2026", address="192.0.2.10").status_code == 302
    )
    client.logout()
    for i in range(settings.LOGIN_ACCOUNT_CEILING):  # one guess from each address
        assert attempt(client, "guess", address=f"198.51.100.{i}").status_code == 200

    # A new address is refused even with the right password, with a page saying why.
    paused = attempt(client, "right-password-2026", address="203.0.113.99")
    assert paused.status_code == 429
    assert "can be signed in to only from a computer and" in paused.text
    assert "_auth_user_id" not in client.session
    # The owner, from the address they signed in from before, gets in.
    home = attempt(client, "right-password-2026", address="192.0.2.10")
    assert home.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_the_ceiling_page_does_not_say_whether_an_account_exists(
    client, staff, settings
):
    settings.LOGIN_ACCOUNT_CEILING = 6
    for name in ("editor1", "no-such-person"):
        for i in range(settings.LOGIN_ACCOUNT_CEILING):
            attempt(client, "guess", username=name, address=f"198.51.100.{i + 20}")
    pages = [
        attempt(client, "guess", username=name, address="203.0.113.98")
        for name in ("editor1", "no-such-person")
    ]
    assert [p.status_code for p in pages] == [429, 429]
    assert pages[0].text.replace("editor1", "") == pages[1].text.replace(
        "no-such-person", ""
    )


def test_the_owner_is_emailed_about_repeated_failures(
    client, staff, settings, django_capture_on_commit_callbacks
):
    staff.email = "editor1@example.org"
    staff.save()
    settings.LOGIN_ACCOUNT_CEILING = 8
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(settings.AXES_FAILURE_LIMIT - 1):
            attempt(client, "guess", address=f"198.51.100.{i}")
    assert mail.outbox == []  # a few typos are no news
    with django_capture_on_commit_callbacks(execute=True):
        attempt(client, "guess", address="198.51.100.40")
    [first] = mail.outbox
    assert first.to == ["editor1@example.org"]
    assert first.subject == "Failed sign-in attempts on your Vetted account"
    assert "5 times in the last hour, from 5 addresses" in first.body
    assert "guess" not in first.body  # never the password tried
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(settings.LOGIN_ACCOUNT_CEILING - settings.AXES_FAILURE_LIMIT):
            attempt(client, "guess", address=f"198.51.100.{50 + i}")
    assert len(mail.outbox) == 2  # once at the lock limit, once at the ceiling
    assert "from your usual computer and network you can still sign in" in (
        mail.outbox[1].body
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
