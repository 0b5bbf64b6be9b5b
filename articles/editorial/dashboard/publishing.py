"""The chief editor's panels: what waits to go live, and live articles to check."""

from datetime import timedelta

from django.db.models import Count, Min
from django.utils import timezone

from articles.models import Article, Revision
from articles.workflow.periodic import DUE_SOON_DAYS
from feedback.models import FeedbackReport

from .parts import (
    Fact,
    Link,
    Row,
    admin_url,
    age,
    article_url,
    due,
    moment,
    panel,
    revision_url,
)

REPORTS = "feedback_feedbackreport_changelist"


def _articles(**query):
    return admin_url("articles_article_changelist", query=query)


def _approver(article):
    reviewer = article.live_revision.decided_by
    return Fact(reviewer.name, label="Approved by") if reviewer else Fact("")


def chief_editor_panels(user, *, now):
    return [
        _approved(now),
        _scheduled(),
        _flagged(now),
        _periodic(timezone.localdate(now)),
        _reported(now, sees_reports=user.has_perm("feedback.view_feedbackreport")),
    ]


def _approved(now):
    waiting = (
        Revision.objects.current()
        .filter(
            decision=Revision.Decision.APPROVED,
            published_at__isnull=True,
            go_live_at__isnull=True,
        )
        .select_related("decided_by")
        .only("pk", "title", "number", "decided_at", "decided_by__name")
        .order_by("decided_at", "pk")
    )

    def row(revision):
        facts = (
            Fact(f"Revision {revision.number}"),
            Fact(revision.decided_by.name, label="Approved by"),
            age(revision.decided_at, now, "Waiting"),
        )
        return Row(revision.title, revision_url(revision.pk, "#publish"), facts)

    return panel(
        "approved",
        "Approved, waiting to go live",
        waiting,
        row,
        empty="No approved revision is waiting to be published.",
        links=[Link("All approved articles", _articles(status__exact="approved"))],
    )


def _scheduled():
    scheduled = (
        Revision.objects.filter(
            decision=Revision.Decision.APPROVED,
            published_at__isnull=True,
            go_live_at__isnull=False,
        )
        .only("pk", "title", "number", "go_live_at")
        .order_by("go_live_at", "pk")
    )

    def row(revision):
        # The revision page's publish panel holds the Unschedule button.
        unschedule = Link(
            "Unschedule",
            revision_url(revision.pk, "#publish"),
            hidden=f" “{revision.title}”",
        )
        return Row(
            revision.title,
            revision_url(revision.pk),
            (
                Fact(f"Revision {revision.number}"),
                moment(revision.go_live_at, "Goes live"),
            ),
            actions=(unschedule,),
        )

    return panel(
        "scheduled",
        "Scheduled",
        scheduled,
        row,
        empty="Nothing is scheduled.",
        links=[
            Link("All scheduled articles", _articles(status__exact="scheduled")),
            Link(
                "Coming up: publications and reviews",
                admin_url("articles_revision_upcoming"),
            ),
        ],
    )


_LIVE_FIELDS = ("pk", "title", "live_revision__decided_by__name")


def _live():
    return Article.objects.published().select_related("live_revision__decided_by")


def _flagged(now):
    flagged = (
        _live()
        .filter(rereview_requested_at__isnull=False)
        .only(*_LIVE_FIELDS, "rereview_requested_at", "rereview_reason")
        .order_by("rereview_requested_at", "pk")
    )

    def row(article):
        facts = (
            age(article.rereview_requested_at, now, "Flagged", "ago"),
            _approver(article),
        )
        return Row(
            article.title,
            article_url(article.pk),
            facts,
            quote=article.rereview_reason,
        )

    return panel(
        "flagged",
        "Flagged for re-review",
        flagged,
        row,
        empty="No live article is flagged for re-review.",
    )


def _periodic(today):
    # Overdue ones too (until the daily review_due run flags them); those
    # already flagged are on the panel above.
    due_soon = (
        _live()
        .filter(
            rereview_requested_at__isnull=True,
            next_review_due__lte=today + timedelta(days=DUE_SOON_DAYS),
        )
        .only(*_LIVE_FIELDS, "next_review_due")
        .order_by("next_review_due", "pk")
    )

    def row(article):
        facts = (*due(article.next_review_due, today), _approver(article))
        return Row(article.title, article_url(article.pk), facts)

    return panel(
        "periodic",
        f"Periodic review due in {DUE_SOON_DAYS} days",
        due_soon,
        row,
        empty="No live article is due for periodic review in the next "
        f"{DUE_SOON_DAYS} days.",
        links=[
            Link(f"Due within {DUE_SOON_DAYS} days", _articles(review="due30")),
            Link("Overdue", _articles(review="overdue")),
        ],
    )


def _reported(now, *, sees_reports):
    by_article = (
        FeedbackReport.objects.open()
        .values("article_id", "article__title")
        .annotate(open_count=Count("pk"), oldest=Min("created_at"))
        .order_by("-open_count", "oldest", "article_id")
    )

    def row(group):
        count, title = group["open_count"], group["article__title"]
        actions = ()
        # Chief editors cannot open the reports themselves: no link to a refusal.
        if sees_reports:
            query = {"status": "open", "article__id__exact": group["article_id"]}
            url = admin_url(REPORTS, query=query)
            actions = (Link("Read the reports", url, hidden=f" on “{title}”"),)
        facts = (
            Fact(f"{count} open report{'' if count == 1 else 's'}"),
            age(group["oldest"], now, "Oldest", "ago"),
        )
        # The article page: its reader feedback figures and Send for re-review.
        return Row(title, article_url(group["article_id"]), facts, actions=actions)

    every_open = Link("All open reports", admin_url(REPORTS, query={"status": "open"}))
    return panel(
        "open-reports",
        "Articles with open reader reports",
        by_article,
        row,
        empty="No article has an open reader report.",
        links=[every_open] if sees_reports else [],
    )
