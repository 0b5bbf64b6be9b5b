"""E-mail that goes out only after the change it reports has been committed."""

import logging

from django.core.mail import send_mail
from django.db import transaction

log = logging.getLogger(__name__)


def send_after_commit(subject, body, recipients):
    """Send one e-mail to RECIPIENTS once the current transaction commits.

    Nothing is sent if the transaction rolls back. A mail server that fails
    cannot undo the committed change or turn the user's page into an error: the
    failure is logged for the operator instead.
    """
    recipients = [r for r in recipients if r]
    if not recipients:
        return

    def send():
        try:
            send_mail(subject, body, None, recipients, fail_silently=False)
        except Exception:
            # The subject says what it was about; addresses stay out of the logs.
            log.exception(
                "could not send %r to %d recipient(s)", subject, len(recipients)
            )

    transaction.on_commit(send)
