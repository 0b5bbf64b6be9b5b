"""Publishing from the review screen: the confirmation page and what is coming up.

"Publish now" and "Schedule" both lead to one confirmation page that shows
exactly what goes live (title, summary, byline, who approved it, what it
replaces, when), and one press there publishes: two clicks from the approved
revision. The page asks ``workflow.can_publish`` first, the transition asks it
again under its lock.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Revision
from articles.workflow.steps import step_line
from core.refusals import Refusal

from ..times import when
from .forms import ScheduleForm

UPCOMING_DAYS = 90
UPCOMING_ROWS = 100


def status_line(revision):
    """Return one sentence saying what is true of REVISION now."""
    article = revision.article
    Decision = Revision.Decision
    if revision.pk == article.live_revision_id:
        if article.withdrawn_at:
            return (
                "This revision was live until the article was withdrawn on "
                f"{when(article.withdrawn_at)}."
            )
        return f"This is the live revision, published {when(revision.published_at)}."
    if revision.published_at:
        return (
            f"This revision was live from {when(revision.published_at)}; a later "
            "revision replaced it."
        )
    if revision.decision == Decision.APPROVED and revision.go_live_at:
        return f"Approved; scheduled to go live at {when(revision.go_live_at)}."
    if revision.decision == Decision.APPROVED:
        return (
            f"Approved on {when(revision.decided_at)} ({step_line(revision)}); "
            "not live yet."
        )
    if revision.decision == Decision.PENDING:
        return step_line(revision)
    if revision.decision == Decision.CHANGES_REQUESTED:
        return f"{step_line(revision)[:-1]} on {when(revision.decided_at)}."
    return "Superseded: a newer revision was submitted after this one."


def publish_page(model_admin, request, revision):
    """Show what goes live and when; on POST, publish or schedule REVISION."""
    verdict = workflow.can_publish(revision, by=request.user)
    if verdict.forbidden:
        raise PermissionDenied(verdict.reason)
    data = request.POST if request.method == "POST" else request.GET
    # "Publish now" and "Schedule" are separate actions: a POST says which, and
    # a schedule needs a valid time (an empty or unreadable one publishes nothing).
    mode = data.get("mode") or ("schedule" if "go_live_at" in data else "now")
    if mode not in {"now", "schedule"} or (
        request.method == "POST" and "mode" not in data
    ):
        messages.error(request, "Choose Publish now or Schedule.")
        return redirect(_review_url(revision))
    schedule = ScheduleForm(data) if mode == "schedule" else None
    if schedule is not None and not schedule.is_valid():
        messages.error(request, " ".join(schedule.errors["go_live_at"]))
        return redirect(_review_url(revision))
    go_live_at = schedule.cleaned_data["go_live_at"] if schedule else None
    refusal = None if verdict else verdict.reason
    if request.method == "POST" and refusal is None:
        try:
            workflow.publish(revision, by=request.user, go_live_at=go_live_at)
        except (Refusal, PermissionDenied) as error:
            refusal = str(error)
        else:
            done = f"Scheduled for {when(go_live_at)}." if go_live_at else "Published."
            messages.success(request, done)
            return redirect(_review_url(revision))
    article = revision.article
    live = article.live_revision if article.live_revision_id else None
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": (
            f"Schedule “{revision.title}”"
            if go_live_at
            else f"Publish “{revision.title}”"
        ),
        "revision": revision,
        "article": article,
        "live": live,
        "go_live_at": go_live_at,
        "go_live_text": data.get("go_live_at", ""),
        "when": when(go_live_at) if go_live_at else "",
        "refusal": refusal,
        "has_view_permission": True,
    }
    return TemplateResponse(request, "admin/articles/publish_confirm.html", context)


def _review_url(revision):
    return reverse("admin:articles_revision_change", args=[revision.pk])


def upcoming_page(model_admin, request):
    """List scheduled publications and the periodic reviews coming due."""
    now = timezone.now()
    scheduled = (
        Revision.objects.filter(
            decision=Revision.Decision.APPROVED,
            published_at__isnull=True,
            go_live_at__isnull=False,
        )
        .select_related("article")
        .only("number", "title", "go_live_at", "article__slug")
        .order_by("go_live_at")[:UPCOMING_ROWS]
    )
    reviews = (
        Article.objects.published()
        .filter(next_review_due__lte=(now + timedelta(days=UPCOMING_DAYS)).date())
        .only("title", "next_review_due", "live_revision_id")
        .order_by("next_review_due")[:UPCOMING_ROWS]
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "Coming up: publications and reviews",
        "scheduled": [(r, when(r.go_live_at)) for r in scheduled],
        "reviews": reviews,
        "today": timezone.localdate(),
        "days": UPCOMING_DAYS,
        "time_zone": timezone.get_current_timezone_name(),
        "has_view_permission": True,
    }
    return TemplateResponse(request, "admin/articles/upcoming.html", context)
