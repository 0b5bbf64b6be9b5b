"""Periodic review: which published articles are overdue or due soon.

``review_due`` (the management command, which the scheduler ``run_scheduler``
runs daily) does two things, each at most once per article and due date, so a
daily run repeats nothing:

- an overdue article not yet flagged is sent back for re-review through
  ``workflow.request_rereview`` with no actor (the system), which e-mails its
  editor and, if still active, the reviewer who approved it;
- an article due within ``DUE_SOON_DAYS`` is put in its reviewer's reminder,
  once per due date (``Article.review_reminder_sent_for``), and only if that
  reviewer is still active.
"""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.mail import send_after_commit

from ..models import Article
from .common import WorkflowError
from .publication import request_rereview

DUE_SOON_DAYS = 30


def due_for_review(*, today=None, within_days=DUE_SOON_DAYS):
    """Return (overdue, due_soon) lists of published articles, oldest due first."""
    today = today or timezone.localdate()
    articles = (
        Article.objects.published()
        .filter(next_review_due__lte=today + timedelta(days=within_days))
        .select_related("live_revision__decided_by__user")
        .order_by("next_review_due", "pk")
    )
    overdue, due_soon = [], []
    for article in articles:
        (overdue if article.next_review_due < today else due_soon).append(article)
    return overdue, due_soon


def flag_overdue(overdue):
    """Send each overdue article not yet flagged back for re-review; return those.

    The system acts (no user), so the history shows "system" and the reason
    says the periodic review is due. An article flagged, withdrawn or
    republished since the list was read is skipped.
    """
    flagged = []
    for article in overdue:
        if article.rereview_requested_at is not None:
            continue
        try:
            request_rereview(
                article,
                by=None,
                reason=(
                    "Periodic review due: the review was due on "
                    f"{article.next_review_due:%d %B %Y}."
                ),
            )
        except WorkflowError:
            continue
        flagged.append(article)
    return flagged


def remind_reviewers(due_soon):
    """E-mail each active reviewer the due-soon articles not yet reminded of.

    Return how many reviewers were e-mailed. Each article is reminded of once
    per due date; the e-mails go out once the record of them is committed.
    """
    by_reviewer = defaultdict(list)
    for article in due_soon:
        reviewer = article.live_revision.decided_by
        if article.review_reminder_sent_for == article.next_review_due:
            continue
        if reviewer and reviewer.active and reviewer.user.email:
            by_reviewer[reviewer].append(article)
    with transaction.atomic():
        for reviewer, articles in by_reviewer.items():
            for article in articles:
                # Only the reminder field: nothing an editor or the workflow wrote.
                Article.objects.filter(
                    pk=article.pk, next_review_due=article.next_review_due
                ).update(review_reminder_sent_for=article.next_review_due)
            lines = [
                f"- {article.title} (due {article.next_review_due:%d %B %Y}): "
                f"{settings.SITE_URL}"
                f"{reverse('admin:articles_article_change', args=[article.pk])}"
                for article in articles
            ]
            send_after_commit(
                f"Periodic review: {len(articles)} article(s) due soon",
                "These articles you approved are due for their periodic review "
                f"within {DUE_SOON_DAYS} days:\n\n" + "\n".join(lines) + "\n",
                [reviewer.user.email],
            )
    return len(by_reviewer)
