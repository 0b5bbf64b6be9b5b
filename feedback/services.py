"""Reader feedback: accepting reports, and the moderators' triage actions.

Accepting a report validates everything first and writes one row in one
transaction, so bad input never leaves a partial report behind.
"""

import hashlib
import hmac
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from articles import workflow
from articles.models import Revision
from cms.clients import client_address
from cms.mail import send_after_commit

from .models import FeedbackEvent, FeedbackReport

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Seven or more digits, allowing spaces, dots, dashes and brackets between them.
PHONE_RE = re.compile(r"(?:\+?\d[\s().-]*){7,}\d")
DUPLICATE_WINDOW = timedelta(days=1)


class FeedbackRejected(Exception):
    """The report was refused; the message says why, in plain words."""


def client_hash(request):
    """Return a salted hash of the client's address; the address is never kept."""
    address = client_address(request)
    key = settings.FEEDBACK_HASH_SALT.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def looks_personal(text):
    """Return whether TEXT seems to contain an e-mail address or phone number."""
    return bool(EMAIL_RE.search(text) or PHONE_RE.search(text))


def _digest(text):
    normalised = " ".join(text.lower().split())
    return hashlib.sha256(normalised.encode()).hexdigest() if normalised else ""


def find_revision(article_slug, revision_id):
    """Return the published revision a reader saw, or raise FeedbackRejected."""
    revision = (
        Revision.objects.select_related("article")
        .filter(
            pk=revision_id,
            article__slug=article_slug,
            published_at__isnull=False,
            article__live_revision__isnull=False,
            article__withdrawn_at__isnull=True,
        )
        .first()
    )
    if revision is None:
        raise FeedbackRejected("We could not find that article.")
    return revision


@transaction.atomic
def record_vote(*, revision, helpful, request):
    """Store a Yes/No answer for REVISION and return the new report."""
    return FeedbackReport.objects.create(
        article=revision.article,
        revision=revision,
        helpful=helpful,
        # A plain "yes" has nothing to triage; details reopen it.
        status=FeedbackReport.Status.NEW
        if not helpful
        else FeedbackReport.Status.RESOLVED,
        client_hash=client_hash(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )


@transaction.atomic
def add_details(*, report, reason, details, email, consent):
    """Add the optional answers to REPORT, once; return it."""
    report = FeedbackReport.objects.select_for_update().get(pk=report.pk)
    if report.details_added_at is not None:
        raise FeedbackRejected("This report already has its details. Thank you.")
    digest = _digest(details)
    if digest:
        duplicate = FeedbackReport.objects.filter(
            article_id=report.article_id,
            details_digest=digest,
            created_at__gte=timezone.now() - DUPLICATE_WINDOW,
        ).exclude(pk=report.pk)
        if duplicate.exists():
            raise FeedbackRejected(
                "We already received a report with the same text about this article "
                "today. Thank you, there is no need to send it again."
            )
    report.reason = reason
    report.details = details
    report.details_digest = digest
    report.has_personal_data = looks_personal(details)
    report.email = email if consent else ""
    report.consent_to_contact = bool(consent and email)
    report.details_added_at = timezone.now()
    if report.status == FeedbackReport.Status.RESOLVED and (reason or details):
        report.status = FeedbackReport.Status.NEW
    report.save()
    return report


# Moderation ----------------------------------------------------------------


def _require_moderator(user):
    if not user.has_perm("feedback.change_feedbackreport"):
        raise PermissionDenied("Only moderators can triage feedback.")


@transaction.atomic
def set_status(report, *, by, status, note=""):
    """Move REPORT to STATUS, recording who and when; return the report."""
    _require_moderator(by)
    report = FeedbackReport.objects.select_for_update().get(pk=report.pk)
    report.check_transition(status)
    previous = report.status
    report.status = status
    if note:
        report.resolution_note = note
    report.save(update_fields=["status", "resolution_note"])
    FeedbackEvent.objects.create(
        report=report, actor=by, from_status=previous, to_status=status, note=note
    )
    if status == FeedbackReport.Status.RESOLVED and report.consent_to_contact:
        _tell_reporter(report)
    return report


def _tell_reporter(report):
    title = report.revision.title
    body = (
        f'Thank you for telling us about a problem with "{title}".\n\n'
        "Our team looked into your report and has now dealt with it."
    )
    if report.resolution_note:
        body += f"\n\nWhat we did: {report.resolution_note}"
    body += (
        f"\n\n{settings.SITE_URL}{report.article.get_absolute_url()}\n\n"
        "We will not contact you again about this report."
    )
    email = report.email
    send_after_commit(f'Your report about "{title}"', body, [email])


@transaction.atomic
def assign(report, *, by, assignee):
    """Give REPORT to ASSIGNEE (a moderator), recording the change."""
    _require_moderator(by)
    report = FeedbackReport.objects.select_for_update().get(pk=report.pk)
    report.assignee = assignee
    report.save(update_fields=["assignee"])
    FeedbackEvent.objects.create(
        report=report,
        actor=by,
        from_status=report.status,
        to_status=report.status,
        note=f"Assigned to {assignee.get_username()}.",
    )
    return report


@transaction.atomic
def send_for_rereview(report, *, by, reason):
    """Send REPORT's article back for medical review and mark the report."""
    _require_moderator(by)
    if not (reason or "").strip():
        raise workflow.WorkflowError("Say why the article needs another review.")
    report = FeedbackReport.objects.select_for_update().get(pk=report.pk)
    report.check_transition(FeedbackReport.Status.NEEDS_REREVIEW)
    workflow.request_rereview(
        report.article, by=by, reason=f"Reader report #{report.pk}: {reason.strip()}"
    )
    return set_status(
        report, by=by, status=FeedbackReport.Status.NEEDS_REREVIEW, note=reason.strip()
    )


def purge_personal_data(*, older_than_days, now=None):
    """Strip e-mail, user agent and address hash from old reports; return count."""
    now = now or timezone.now()
    return (
        FeedbackReport.objects.filter(
            created_at__lt=now - timedelta(days=older_than_days)
        )
        .exclude(email="", user_agent="", client_hash="")
        .update(
            email="",
            consent_to_contact=False,
            user_agent="",
            client_hash="",
            personal_data_purged_at=now,
        )
    )
