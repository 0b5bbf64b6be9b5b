"""What every transition shares: permission and state checks, locks, the audit log."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.urls import reverse

from core.mail import send_after_commit
from core.refusals import Refusal

from ..models import Article, Author, ReviewEvent, Revision
from .roles import CHIEF_EDITORS

ATTESTATION_ITEMS = {
    "sources_checked": "I checked the cited sources and they support the text.",
    "no_conflict": "I have no conflict of interest with this article.",
    "safe_for_audience": "The advice is safe for the stated audience.",
}


class WorkflowError(Refusal):
    """A transition was refused because of the article's or revision's state."""


def _require(user, perm):
    if not user.has_perm(f"articles.{perm}"):
        raise PermissionDenied(
            f"You do not have permission to {perm.replace('_', ' ')}."
        )


def _lock(article):
    return Article.objects.select_for_update().get(pk=article.pk)


def _event(article, revision, actor, action, comment=""):
    return ReviewEvent.objects.create(
        article=article, revision=revision, actor=actor, action=action, comment=comment
    )


def _set_article(article, **fields):
    """Write workflow fields of ARTICLE without touching the working copy."""
    for name, value in fields.items():
        setattr(article, name, value)
    Article.objects.filter(pk=article.pk).update(**fields)


_mail = send_after_commit


def _admin_url(revision):
    path = reverse("admin:articles_revision_change", args=[revision.pk])
    return f"{settings.SITE_URL}{path}"


def chief_editor_emails():
    """Return the addresses of the active chief editors, sorted."""
    return sorted(
        get_user_model()
        .objects.filter(groups__name=CHIEF_EDITORS, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def review_interval_days(article):
    """Return the periodic review interval for ARTICLE, in days."""
    return article.topic.review_interval_days or settings.REVIEW_INTERVAL_DAYS


def _author_user_ids(author_ids):
    return set(
        Author.objects.filter(pk__in=author_ids, user__isnull=False).values_list(
            "user_id", flat=True
        )
    )


def excluded_for_submission(article, by):
    """Return the user ids who may not review ARTICLE's next revision, sorted.

    BY (the submitter), everyone who edited the working copy since the last
    publication, and the accounts of its credited authors.
    """
    authors = _author_user_ids(article.authors.values_list("pk", flat=True))
    return sorted({by.pk, *article.pending_editor_ids, *authors})


def excluded_reviewers(revision):
    """Return the user ids who may not review REVISION.

    Its submitter, the editors recorded at submission (credited authors
    included), and the accounts now linked to the authors in its byline, in
    case an author was given an account after submission.
    """
    byline = [credit["id"] for credit in revision.byline if credit.get("id")]
    return {revision.created_by_id, *revision.editors, *_author_user_ids(byline)}


def _check_reviewer(reviewer, editor_ids):
    if reviewer is None:
        raise WorkflowError("Choose a medical reviewer.")
    if not reviewer.active:
        raise WorkflowError(f"{reviewer.name} is not an active medical reviewer.")
    if reviewer.user_id in editor_ids:
        raise WorkflowError(
            f"{reviewer.name} wrote or edited this revision and cannot review it."
        )


def _lock_revision(revision):
    _lock(revision.article)
    return Revision.objects.select_related("article", "article__topic").get(
        pk=revision.pk
    )


def _latest_number(article):
    """Return the number of ARTICLE's newest revision (0 if it has none)."""
    return article.revisions.aggregate(n=Max("number"))["n"] or 0


def _cancel_schedules(article, by, note):
    """Unschedule ARTICLE's approved revisions waiting to go live, logging each."""
    for scheduled in article.revisions.filter(
        published_at__isnull=True, go_live_at__isnull=False
    ):
        scheduled.go_live_at = None
        scheduled.save(update_fields=["go_live_at"])
        _event(article, scheduled, by, ReviewEvent.Action.UNSCHEDULED, note)
