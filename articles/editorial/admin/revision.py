"""Revision screens: the reviewer's queue and the review page with its buttons."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html

from articles import workflow
from articles.models import Comment, ReviewQueueItem, Revision
from articles.public.selectors import references_with_notices
from articles.workflow.steps import ROLES, does_review_steps, waiting_for
from core.refusals import Refusal

from ..diff import comparisons_for
from . import outside_links
from .comments import comment_context, comment_view
from .forms import AssignForm, DecisionForm, ScheduleForm, is_storable_key
from .publishing import publish_page, status_line, upcoming_page
from .read_only import ReadOnlyAdmin


def history_of(revision):
    """Return REVISION's history: workflow events and comment entries, by time."""
    lines = [
        (
            event.created_at,
            event.pk,
            event.get_action_display(),
            event.actor.get_username() if event.actor else "system",
            event.comment,
        )
        for event in revision.events.select_related("actor")
    ]
    lines += [
        (
            entry.created_at,
            entry.pk,
            HISTORY_KIND[entry.kind],
            entry.author.get_username() if entry.author else entry.author_name,
            entry.body,
        )
        for entry in Comment.objects.filter(revision=revision).select_related(
            "author", "outside_link"
        )
    ]
    return [
        {"at": at, "what": what, "actor": actor, "comment": comment}
        for at, _, what, actor, comment in sorted(lines, key=lambda line: line[:2])
    ]


HISTORY_KIND = {
    Comment.Kind.COMMENT: "Review comment",
    Comment.Kind.RESOLVED: "Comment thread resolved",
    Comment.Kind.REOPENED: "Comment thread reopened",
}


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "number",
        "decision",
        "reviewer",
        "created_at",
        "go_live_at",
        "published_at",
    ]
    list_filter = ["decision", "reviewer"]
    list_select_related = ["reviewer"]
    search_fields = ["title", "article__slug"]
    ordering = ["-created_at"]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/publish/",
                view(self.publish_view),
                name="articles_revision_publish",
            ),
            path(
                "<int:pk>/comments/",
                view(self.comment_view),
                name="articles_revision_comments",
            ),
            path(
                "upcoming/",
                view(self.upcoming_view),
                name="articles_revision_upcoming",
            ),
            *super().get_urls(),
        ]

    def _revision(self, request, object_id):
        if not is_storable_key(Revision, object_id):
            raise Http404("No such revision.")
        revision = get_object_or_404(
            Revision.objects.select_related(
                "article",
                "article__topic",
                "reviewer__user",
                "decided_by",
                "created_by",
                "published_by",
            ),
            pk=object_id,
        )
        if not self.has_view_permission(request, revision):
            raise PermissionDenied
        return revision

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = self._revision(request, object_id)
        # What the buttons offer is what the workflow's own checks allow.
        verdicts = {
            name: check(revision, by=request.user)
            for name, check in workflow.REVISION_ACTIONS.items()
        }
        action = request.POST.get("action") if request.method == "POST" else None
        outside_form = None
        if action in outside_links.ACTIONS:
            done, outside_form = outside_links.handle(request, revision, action)
            if done:
                return redirect("admin:articles_revision_change", revision.pk)
            action = None
        if action is not None:
            verdict = verdicts.get(action)
            # Publishing has its own confirmation page (publish_view).
            if verdict is None or verdict.forbidden or action == "publish":
                raise PermissionDenied
        steps = list(revision.steps.select_related("assignee", "decided_by"))
        current = next((s for s in steps if s.decision == "pending"), None)
        decision_form = DecisionForm(
            request.POST if action == "decide" else None,
            statements=ROLES[current.kind].attestation if current else {},
        )
        posted_step = request.POST.get("step") if action == "assign" else None
        assign_forms = {
            step.kind: AssignForm(
                request.POST if posted_step == step.kind else None,
                prefix=step.kind,
                reviewers=workflow.reviewers_for_assignment(revision, step.kind),
                label=ROLES[step.kind].noun.capitalize(),
            )
            for step in steps
            if step.decision == "pending"
        }
        forms_by_action = {
            "decide": decision_form,
            "assign": assign_forms.get(posted_step),
        }
        if action == "assign" and posted_step not in assign_forms:
            messages.error(request, "That review step cannot be reassigned now.")
            return redirect("admin:articles_revision_change", revision.pk)
        if action and self._handle_post(request, revision, action, forms_by_action):
            return redirect("admin:articles_revision_change", revision.pk)
        try:
            requested = int(request.GET.get("compare", ""))
        except ValueError:
            requested = None
        others, comparisons = comparisons_for(revision, requested=requested)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Revision {revision.number} of “{revision.title}”",
            "revision": revision,
            "article": revision.article,
            "status_line": status_line(revision),
            # What the registries said about the cited works since, beside them.
            "references_html": references_with_notices(revision),
            "others": others,
            "comparisons": comparisons,
            "history": history_of(revision),
            "steps": steps,
            "current_step": current,
            "decision_form": decision_form if verdicts["decide"] else None,
            "assign_forms": [
                (step, assign_forms[step.kind])
                for step in steps
                if verdicts["assign"] and step.kind in assign_forms
            ],
            "can_publish": bool(verdicts["publish"]),
            "schedule_form": ScheduleForm() if verdicts["publish"] else None,
            "can_unschedule": bool(verdicts["unschedule"]),
            "time_zone": timezone.get_current_timezone_name(),
            "has_view_permission": True,
            **outside_links.outside_context(request, revision, outside_form),
            **comment_context(
                request, revision.article, revision=revision, back="review"
            ),
        }
        return TemplateResponse(request, "admin/articles/revision_review.html", context)

    def _handle_post(self, request, revision, action, forms_by_action):
        """Run the posted ACTION; return True when it succeeded."""
        form = forms_by_action.get(action)
        if form is not None and not form.is_valid():
            return False
        data = form.cleaned_data if form is not None else {}
        try:
            if action == "decide" and data["decision"] == "approve":
                approved = workflow.approve(
                    revision,
                    by=request.user,
                    comment=data["comment"],
                    attestation=form.attestation(),
                )
                message = (
                    "Approved. The chief editors have been told it is ready."
                    if approved.decision == Revision.Decision.APPROVED
                    else "Your step is approved; the next reviewer has been asked."
                )
            elif action == "decide":
                workflow.request_changes(
                    revision, by=request.user, comment=data["comment"]
                )
                message = (
                    "Changes requested; the editor has been e-mailed your comment."
                )
            elif action == "assign":
                workflow.assign_reviewer(
                    revision,
                    by=request.user,
                    reviewer=data["reviewer"],
                    kind=form.prefix,
                    specialty_reason=data["specialty_reason"],
                )
                message = f"Assigned to {data['reviewer'].name}."
            else:
                workflow.unschedule(revision, by=request.user)
                message = "The schedule was cancelled; the revision stays approved."
        except (Refusal, PermissionDenied) as error:
            if form is None:
                messages.error(request, str(error))
                return True
            form.add_error(None, str(error))
            return False
        messages.success(request, message)
        return True

    def comment_view(self, request, pk):
        return comment_view(self, request, self._revision(request, pk))

    def publish_view(self, request, pk):
        return publish_page(self, request, self._revision(request, pk))

    def upcoming_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return upcoming_page(self, request)


@admin.register(ReviewQueueItem)
class ReviewQueueAdmin(ReadOnlyAdmin):
    list_display = ["review_link", "number", "created_by", "created_at", "change_note"]
    # review_link is the link: a second one around it would nest links.
    list_display_links = None
    list_select_related = ["created_by"]
    ordering = ["created_at"]

    def has_module_permission(self, request):
        return does_review_steps(request.user)

    def has_view_permission(self, request, obj=None):
        return does_review_steps(request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=waiting_for(request.user))

    @admin.display(description="Article", ordering="title")
    def review_link(self, obj):
        return format_html('<a href="../revision/{}/change/">{}</a>', obj.pk, obj.title)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if not is_storable_key(Revision, object_id):
            raise Http404("No such revision.")
        return redirect("admin:articles_revision_change", object_id)
