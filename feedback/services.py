"""Reader feedback: accepting reports, and the moderators' triage actions.

Accepting a report validates everything first and writes one row in one
transaction, so bad input never leaves a partial report behind.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from articles import workflow
from articles.models import Article, Revision
from core.clients import client_address
from core.mail import send_after_commit
from core.refusals import Refusal

from .models import FeedbackEvent, FeedbackReport, InvalidStatusChange
from .text import clean_user_agent, looks_personal, normalise_newlines

DUPLICATE_WINDOW = timedelta(days=1)
READER_MESSAGE_ONLY_WHEN_RESOLVING = (
    "A message to the reader is only sent when you resolve a report. Clear it, "
    "or resolve the report."
)
USER_AGENT_MAX = FeedbackReport._meta.get_field("user_agent").max_length


class FeedbackRejected(Refusal):
    """The report was refused; the message says why, in plain words."""


def client_hash(request):
    """Return a salted hash of the client's address; the address is never kept."""
    address = client_address(request)
    key = settings.FEEDBACK_HASH_SALT.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def _digest(text):
    normalised = " ".join(text.lower().split())
    return hashlib.sha256(normalised.encode()).hexdigest() if normalised else ""


def find_revision(article_slug, revision_id):
    """Return the published revision a reader saw, or raise FeedbackRejected."""
    revision = (
        Revision.objects.select_related("article")
        .filter(
            pk=revision_id,
            published_at__isnull=False,
            article__in=Article.objects.published().filter(slug=article_slug),
        )
        .first()
    )
    if revision is None:
        raise FeedbackRejected("We could not find that article.")
    return revision


@transaction.atomic
def record_vote(*, revision, helpful, request):
    """Store a Yes/No answer for REVISION and return the new report.

    A bare vote counts toward the helpful share but is not an open report:
    it becomes one when the reader adds a reason or details.
    """
    return FeedbackReport.objects.create(
        article=revision.article,
        revision=revision,
        helpful=helpful,
        status=FeedbackReport.Status.VOTE,
        client_hash=client_hash(request),
        user_agent=clean_user_agent(
            request.META.get("HTTP_USER_AGENT", ""), USER_AGENT_MAX
        ),
    )


@transaction.atomic
def add_details(*, report, reason, details, email, consent):
    """Add the optional answers to REPORT, once; return it."""
    report = FeedbackReport.objects.select_for_update().get(pk=report.pk)
    if report.details_added_at is not None:
        raise FeedbackRejected("This report already has its details. Thank you.")
    details = normalise_newlines(details)
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
    if report.status == FeedbackReport.Status.VOTE and (reason or details):
        report.status = FeedbackReport.Status.NEW
    report.save()
    return report


# Moderation ----------------------------------------------------------------


def _require_moderator(user):
    if not user.has_perm("feedback.change_feedbackreport"):
        raise PermissionDenied("Only moderators can triage feedback.")


def _locked(report):
    """Return REPORT re-read under a row lock, with what its e-mails need."""
    return (
        FeedbackReport.objects.select_for_update(of=("self",))
        .select_related("article", "revision")
        .get(pk=report.pk)
    )


@transaction.atomic
def set_status(report, *, by, status, note="", reader_message=""):
    """Move REPORT to STATUS, recording who and when; return the report.

    NOTE is internal: it goes to the report's history and internal note, never
    to the reader. READER_MESSAGE is for the reader and only accompanies a
    resolution; a reporter who agreed to be contacted is e-mailed it. Closing a
    report forgets the reporter's e-mail address (after that e-mail is queued).
    "Needs re-review" is reached only through send_for_rereview, which also
    sends the article back to its reviewers.
    """
    _require_moderator(by)
    if status == FeedbackReport.Status.NEEDS_REREVIEW:
        raise InvalidStatusChange(
            "Use “Send for re-review”: it also sends the article back for review."
        )
    report = _locked(report)
    report.check_transition(status)
    return _move(report, by=by, status=status, note=note, reader_message=reader_message)


def _move(report, *, by, status, note="", reader_message=""):
    """Move the locked REPORT to STATUS (already checked) and record it."""
    Status = FeedbackReport.Status
    reader_message = (reader_message or "").strip()
    if reader_message and status != Status.RESOLVED:
        raise InvalidStatusChange(READER_MESSAGE_ONLY_WHEN_RESOLVING)
    previous = report.status
    report.status = status
    if note:
        report.resolution_note = note
    told = False
    if status == Status.RESOLVED:
        report.reader_message = reader_message
        if report.consent_to_contact and report.email:
            _tell_reporter(report)
            told = True
    if status in FeedbackReport.CLOSED_STATUSES:
        report.forget_contact()
    report.save(
        update_fields=[
            "status",
            "resolution_note",
            "reader_message",
            "email",
            "consent_to_contact",
        ]
    )
    FeedbackEvent.objects.create(
        report=report,
        actor=by,
        from_status=previous,
        to_status=status,
        note=" ".join(
            filter(None, [note, "The reporter was e-mailed." if told else ""])
        ),
    )
    return report


def _tell_reporter(report):
    """Queue the e-mail to a consenting reporter: only what was written for them."""
    title = report.revision.title
    body = (
        f'Thank you for telling us about a problem with "{title}".\n\n'
        "Our team looked into your report and has now dealt with it."
    )
    if report.reader_message:
        body += f"\n\nWhat we did: {report.reader_message}"
    body += (
        f"\n\n{settings.SITE_URL}{report.article.get_absolute_url()}\n\n"
        "We will not contact you again about this report, and we have deleted "
        "your e-mail address from it."
    )
    send_after_commit(f'Your report about "{title}"', body, [report.email])


@transaction.atomic
def assign(report, *, by, assignee):
    """Give REPORT to ASSIGNEE (a moderator), recording the change."""
    _require_moderator(by)
    if not assignee.has_perm("feedback.change_feedbackreport"):
        raise PermissionDenied(f"{assignee.get_username()} is not a moderator.")
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
        raise InvalidStatusChange("Say why the article needs another review.")
    report = _locked(report)
    report.check_transition(FeedbackReport.Status.NEEDS_REREVIEW)
    workflow.request_rereview(
        report.article, by=by, reason=f"Reader report #{report.pk}: {reason.strip()}"
    )
    return _move(
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
