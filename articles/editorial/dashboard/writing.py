"""The panels of editors (their drafts, what came back) and medical reviewers."""

from datetime import timedelta

from django.db.models import F, OuterRef, Q, Subquery, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from articles.models import Article, Revision
from articles.workflow.periodic import DUE_SOON_DAYS
from articles.workflow.steps import waiting_for

from .parts import (
    PERSON,
    Fact,
    Link,
    Row,
    admin_url,
    age,
    article_url,
    due,
    name,
    panel,
    revision_url,
)


def edited_by(user):
    """Return a filter for the articles USER changed since their last publication.

    ``pending_editor_ids`` is a JSON list of user ids. SQLite has no JSON
    containment, so the id is matched in the list's text between non-digits
    (on the ``editors_text`` annotation): one query for SQLite and PostgreSQL.
    """
    return Q(editors_text__regex=rf"(^|\D){int(user.pk)}(\D|$)")


def editor_panels(user, *, now):
    drafts = (
        Article.objects.filter(
            status__in=[Article.Status.DRAFT, Article.Status.CHANGES_REQUESTED]
        )
        .annotate(editors_text=Cast("pending_editor_ids", TextField()))
        .filter(edited_by(user))
        .only("pk", "title", "status", "updated_at")
        .order_by("-updated_at", "-pk")
    )
    latest = (
        Revision.objects.filter(article_id=OuterRef("article_id"))
        .order_by("-number")
        .values("number")[:1]
    )
    sent_back = (
        Revision.objects.filter(
            decision=Revision.Decision.CHANGES_REQUESTED,
            created_by=user,
            number=Subquery(latest),
        )
        .select_related("decided_by")
        .only(
            *("pk", "article_id", "title", "number", "comment", "decided_at"),
            *("decided_by__name", "decided_by__credentials"),
        )
        .order_by("-decided_at", "-pk")
    )

    def draft_row(article):
        facts = (
            Fact(article.get_status_display()),
            age(article.updated_at, now, "Changed", "ago"),
        )
        return Row(article.title, article_url(article.pk), facts)

    def sent_back_row(revision):
        # The article page: where the editor changes the text and resubmits.
        return Row(
            revision.title,
            article_url(revision.article_id),
            (
                Fact(f"Revision {revision.number}"),
                age(revision.decided_at, now, "Sent back", "ago"),
            ),
            quote=revision.comment,
            quote_by=revision.decided_by.display_name,
        )

    return [
        panel(
            "my-drafts",
            "My drafts",
            drafts,
            draft_row,
            empty="No drafts of yours: articles you edit appear here until "
            "you submit them.",
        ),
        panel(
            "sent-back",
            "Sent back to me",
            sent_back,
            sent_back_row,
            empty="No revision of yours is waiting for changes.",
        ),
    ]


def reviewer_panels(user, *, now):
    queue = (
        Revision.objects.filter(pk__in=waiting_for(user))
        .select_related("created_by")
        .only(
            *("pk", "title", "number", "created_at"),
            *(f"created_by__{field}" for field in PERSON),
        )
        .order_by("created_at", "pk")
    )
    today = timezone.localdate(now)
    # The reviewer who approved the live text: the one e-mailed when it is
    # flagged or due (articles/workflow/periodic.py).
    again = (
        Article.objects.published()
        .filter(live_revision__decided_by__user_id=user.pk)
        .filter(
            Q(rereview_requested_at__isnull=False)
            | Q(next_review_due__lte=today + timedelta(days=DUE_SOON_DAYS))
        )
        .only(
            "pk", "title", "rereview_requested_at", "rereview_reason", "next_review_due"
        )
        .order_by(F("rereview_requested_at").asc(nulls_last=True), "next_review_due")
    )

    def queue_row(revision):
        facts = (
            Fact(f"Revision {revision.number}"),
            Fact(name(revision.created_by), label="From"),
            age(revision.created_at, now, "Waiting"),
        )
        return Row(revision.title, revision_url(revision.pk), facts)

    def again_row(article):
        if article.rereview_requested_at is None:
            return Row(
                article.title,
                article_url(article.pk),
                due(article.next_review_due, today),
            )
        return Row(
            article.title,
            article_url(article.pk),
            (age(article.rereview_requested_at, now, "Flagged for re-review", "ago"),),
            quote=article.rereview_reason,
        )

    return [
        panel(
            "review-queue",
            "My review queue",
            queue,
            queue_row,
            empty="Nothing is waiting for your review.",
            links=[
                Link(
                    "Open my review queue",
                    admin_url("articles_reviewqueueitem_changelist"),
                )
            ],
        ),
        panel(
            "review-again",
            "My articles to review again",
            again,
            again_row,
            empty="None of the articles you approved is flagged for re-review or "
            f"due for periodic review in the next {DUE_SOON_DAYS} days.",
        ),
    ]
