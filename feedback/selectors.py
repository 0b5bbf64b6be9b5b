"""What other screens may show of reader feedback, counted by feedback's own rules.

The article admin lists each article's open reports and how helpful readers
found it; the counting rules (which statuses are open, that spam counts toward
nothing and bare votes toward the share only) belong to this app.
"""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from .models import FeedbackReport

FEEDBACK_WINDOW_DAYS = 90


def with_feedback_figures(articles, *, now=None):
    """Return the ARTICLES queryset annotated with its reader feedback figures.

    ``open_report_count``: reports waiting for a moderator; ``votes_90`` and
    ``helpful_90``: answers to "Was this article helpful?" over the last
    FEEDBACK_WINDOW_DAYS days, spam excluded.
    """
    since = (now or timezone.now()) - timedelta(days=FEEDBACK_WINDOW_DAYS)
    recent = Q(feedback_reports__created_at__gte=since) & ~Q(
        feedback_reports__status=FeedbackReport.Status.SPAM
    )
    return articles.annotate(
        open_report_count=Count(
            "feedback_reports",
            filter=Q(feedback_reports__status__in=FeedbackReport.OPEN_STATUSES),
        ),
        votes_90=Count("feedback_reports", filter=recent),
        helpful_90=Count(
            "feedback_reports", filter=recent & Q(feedback_reports__helpful=True)
        ),
    )


def helpful_share(votes, helpful):
    """Return "75% of 12", or "-" when nobody answered."""
    if not votes:
        return "-"
    return f"{round(100 * helpful / votes)}% of {votes}"
