"""E-mail that goes out only after the change it reports has been committed,
from a worker, never from the request that made the change.

``send_after_commit`` writes an ``OutgoingMail`` row in the caller's
transaction and, once that commits, queues ``deliver_mail`` through Django's
tasks API (the ``django-tasks`` package; the database backend in production,
so every worker on every machine shares one queue: docs/operations.md). A
rolled-back change leaves no row and sends nothing. A mail server that is
slow or down costs the editor's click nothing: the worker waits for it.

A failed delivery is recorded on the row and tried again with back-off (one
minute, then doubling, at most ``MAX_DELAY``), for as long as it takes: the
row is only ever marked sent, never dropped. ``queue_due_mail`` (every
scheduler tick) queues again any unsent row whose attempt is overdue, in case
the task that should have sent it was lost (a worker killed mid-task, a
queue emptied by hand); two deliveries of one row are harmless, since
``deliver_mail`` locks the row and sends only what is still unsent.
"""

import logging
from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import OutgoingMail

log = logging.getLogger(__name__)

FIRST_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=6)
# A row whose attempt is this late has lost its task: queue it again.
OVERDUE = timedelta(minutes=10)


def send_after_commit(subject, body, recipients):
    """Queue one e-mail to RECIPIENTS, to leave once the transaction commits."""
    recipients = [r for r in recipients if r]
    if not recipients:
        return None
    mail = OutgoingMail.objects.create(
        subject=subject[:255],
        body=body,
        recipients=recipients,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: _queue(mail.pk))
    return mail


def _queue(pk, *, run_after=None):
    """Queue the delivery of row PK; a queue that fails leaves it to the sweep."""
    try:
        queued = deliver_mail
        if run_after is not None and deliver_mail.get_backend().supports_defer:
            queued = deliver_mail.using(run_after=run_after)
        elif run_after is not None:
            return  # a backend without deferral: queue_due_mail retries it
        queued.enqueue(pk)
    except Exception:
        log.exception("could not queue e-mail %s; the scheduler will", pk)


def backoff(attempts):
    """Return how long to wait after the ATTEMPTS-th failed delivery."""
    return min(FIRST_DELAY * 2 ** max(attempts - 1, 0), MAX_DELAY)


@task()
def deliver_mail(pk):
    """Send OutgoingMail PK if it is still unsent; on failure, schedule a retry."""
    with transaction.atomic():
        mail = (
            OutgoingMail.objects.select_for_update()
            .filter(pk=pk, sent_at__isnull=True)
            .first()
        )
        if mail is None:
            return "already sent"
        try:
            send_mail(mail.subject, mail.body, None, mail.recipients)
        except Exception as error:
            mail.attempts += 1
            mail.last_error = f"{type(error).__name__}: {error}"[:2000]
            mail.next_attempt_at = timezone.now() + backoff(mail.attempts)
            mail.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            # The subject says what it was about; addresses stay out of the logs.
            log.warning(
                "could not send %r (attempt %d), trying again at %s",
                mail.subject,
                mail.attempts,
                mail.next_attempt_at.isoformat(),
            )
            retry_at = mail.next_attempt_at
            transaction.on_commit(lambda: _queue(pk, run_after=retry_at))
            return "failed, will retry"
        mail.attempts += 1
        mail.sent_at = timezone.now()
        mail.last_error = ""
        mail.save(update_fields=["attempts", "sent_at", "last_error"])
    return "sent"


def queue_due_mail(*, now=None):
    """Queue every unsent e-mail whose attempt is overdue; return how many."""
    now = now or timezone.now()
    due = list(
        OutgoingMail.objects.filter(
            sent_at__isnull=True, next_attempt_at__lte=now - OVERDUE
        ).values_list("pk", flat=True)[:500]
    )
    # Pushed forward so the next tick does not queue them again meanwhile.
    OutgoingMail.objects.filter(pk__in=due).update(next_attempt_at=now)
    for pk in due:
        _queue(pk)
    return len(due)
