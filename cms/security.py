"""Admin sign-in: what django-axes locks, the per-account ceiling, the owner's e-mail.

Nobody can lock another person out (docs/security.md, "Admin sign-in"):

- axes locks the **combination** of account and address after
  ``AXES_FAILURE_LIMIT`` failures (and one address after as many failures on
  any accounts), so guessing at ``chief`` from one place pauses only that
  place; the real chief signs in from anywhere else;
- an attacker who rotates addresses meets the per-account ceiling: after
  ``LOGIN_ACCOUNT_CEILING`` failures for one account within
  ``ACCOUNT_WINDOW``, from any addresses, the account can be signed in to only
  from an address it signed in from successfully in the last ``USUAL_DAYS``,
  so its owner, at their usual desk, still gets in;
- the owner is e-mailed when their account reaches the lock limit and again
  at the ceiling, so they hear of an attack the day it happens.

The ceiling counts failures for the name typed, whether or not an account has
it, so its page says nothing about which accounts exist.
"""

from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.utils import timezone

from core.clients import client_address
from core.mail import send_after_commit

ACCOUNT_WINDOW = timedelta(hours=1)
USUAL_DAYS = 90


def account_failures(username, *, now=None):
    """Return the failed sign-ins for USERNAME within the window, from anywhere."""
    since = (now or timezone.now()) - ACCOUNT_WINDOW
    return AccessFailureLog.objects.filter(username=username, attempt_time__gte=since)


def is_usual_address(username, address):
    """Return whether USERNAME signed in successfully from ADDRESS lately."""
    since = timezone.now() - timedelta(days=USUAL_DAYS)
    return AccessLog.objects.filter(
        username=username, ip_address=address, attempt_time__gte=since
    ).exists()


class SignInBackend(AxesStandaloneBackend):
    """axes' check, then the account's ceiling for addresses it never used."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        super().authenticate(request, username, password, **kwargs)
        if not username or not getattr(settings, "AXES_ENABLED", True):
            return None
        ceiling = settings.LOGIN_ACCOUNT_CEILING
        if account_failures(username).count() < ceiling:
            return None
        if is_usual_address(username, client_address(request)):
            return None
        request.axes_locked_out = True  # AxesMiddleware shows locked_out() below
        request.sign_in_paused_for_account = True
        raise AxesBackendPermissionDenied("account ceiling reached")


def tell_owner_of_failures(sender, credentials, request=None, **kwargs):
    """user_login_failed receiver: e-mail the owner at the lock limit and ceiling."""
    username = (credentials or {}).get("username")  # as the sign-in form sent it
    if not username:
        return
    failures = account_failures(username)
    count = failures.count()
    if count not in {settings.AXES_FAILURE_LIMIT, settings.LOGIN_ACCOUNT_CEILING}:
        return
    owner = get_user_model().objects.filter(username=username).first()
    if owner is None or not owner.email:
        return
    addresses = failures.values("ip_address").distinct().count()
    ceiling = count >= settings.LOGIN_ACCOUNT_CEILING
    send_after_commit(
        "Failed sign-in attempts on your Vetted account",
        f"Someone tried to sign in to your Vetted account ({owner.get_username()}) "
        f"with a wrong password {count} times in the last hour, from "
        f"{addresses} address{'es' if addresses != 1 else ''}.\n\n"
        "If it was you, there is nothing to do. If it was not, your password held: "
        "signing in is paused for the addresses that tried"
        + (
            ", and from any address your account has not signed in from before; "
            "from your usual computer and network you can still sign in"
            if ceiling
            else ""
        )
        + ".\n\nIf you think someone knows your password, change it after signing "
        "in, or ask a chief editor or the site administrator for help.\n\n"
        f"{settings.SITE_URL}/admin/\n",
        [owner.email],
    )


def locked_out(request, original_response=None, credentials=None):
    """Return a 429 page saying sign-in is paused, and for how long.

    It does not say whether the account exists, or which limit was reached.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    for_account = getattr(request, "sign_in_paused_for_account", False)
    if for_account:
        minutes = int(ACCOUNT_WINDOW.total_seconds() // 60)
    response = render(
        request,
        "admin/locked_out.html",
        {
            **admin.site.each_context(request),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "minutes": minutes,
            "for_account": for_account,
            "title": "Sign-in paused",
        },
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response
