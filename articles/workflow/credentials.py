"""Reminding chief editors of reviewers' registrations about to expire.

A reviewer can only be assigned or approve with a current verified
registration (``MedicalReviewer.current_registration``): one that lapses
unnoticed blocks their reviews the day it expires. The daily job lists, for
the chief editors, every current registration expiring within
``REGISTRATION_REMINDER_DAYS`` (60) days. Each registration is listed when it
enters that window, then at most once a week, and every day in its last week,
so a long window does not fill the inbox.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..models import Registration
from .common import _mail, chief_editor_emails

WEEKLY_UNTIL_DAYS_LEFT = 7


def expiring(today, *, days=None):
    """Return current registrations of active reviewers expiring within DAYS."""
    days = settings.REGISTRATION_REMINDER_DAYS if days is None else days
    return (
        Registration.objects.filter(
            status=Registration.Status.CURRENT,
            reviewer__active=True,
            expires_on__isnull=False,
            expires_on__lte=today + timedelta(days=days),
            expires_on__gte=today,
        )
        .select_related("reviewer")
        .order_by("expires_on", "pk")
    )


def _due(registration, now, today):
    last = registration.reminded_at
    if last is None:
        return True
    if (registration.expires_on - today).days <= WEEKLY_UNTIL_DAYS_LEFT:
        return timezone.localdate(last) < today
    return now - last >= timedelta(days=7)


@transaction.atomic
def remind_expiring_registrations(*, now=None):
    """E-mail chief editors the registrations due a reminder; return how many."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = [
        registration
        for registration in expiring(today).select_for_update(of=("self",))
        if _due(registration, now, today)
    ]
    if not due:
        return 0
    lines = []
    for registration in due:
        left = (registration.expires_on - today).days
        when = "today" if left == 0 else f"in {left} day{'s' if left != 1 else ''}"
        path = reverse(
            "admin:articles_medicalreviewer_change", args=[registration.reviewer_id]
        )
        lines.append(
            f"- {registration.reviewer.name}: {registration} expires {when} "
            f"({registration.expires_on:%d %B %Y}). {settings.SITE_URL}{path}"
        )
    _mail(
        f"Reviewer registrations expiring: {len(due)}",
        "These registrations expire soon. A reviewer cannot be assigned or "
        "approve once theirs has expired: check the register and record the "
        "renewal (new expiry and the day you checked it).\n\n"
        + "\n".join(lines)
        + "\n",
        chief_editor_emails(),
    )
    Registration.objects.filter(pk__in=[r.pk for r in due]).update(reminded_at=now)
    return len(due)
