"""Accepting reader reports: votes, details, and forgetting personal data.

Accepting a report validates everything first and writes one row in one
transaction, so bad input never leaves a partial report behind.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Revision
from core.clients import client_address
from core.refusals import Refusal

from ..models import FeedbackReport
from ..text import clean_user_agent, looks_personal, normalise_newlines

DUPLICATE_WINDOW = timedelta(days=1)
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
    # Two identical reports posted at the same moment would both pass the
    # duplicate check below; locking the article's row makes the second wait
    # for the first to commit, so it sees the first and is refused. The article
    # first, then the report: the order moderation and publishing take them.
    Article.objects.select_for_update().filter(pk=report.article_id).values_list(
        "pk", flat=True
    ).first()
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
