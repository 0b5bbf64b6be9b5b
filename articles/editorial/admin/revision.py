"""Revision screens: the reviewer's queue and the review page with its buttons."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.html import format_html

from articles import workflow
from articles.models import ReviewQueueItem, Revision
from core.refusals import Refusal

from ..diff import revision_diff
from .forms import AssignForm, DecisionForm, PublishForm, is_storable_key
from .read_only import ReadOnlyAdmin


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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not is_storable_key(Revision, object_id):
            raise Http404("No such revision.")
        revision = get_object_or_404(
            Revision.objects.select_related(
                "article", "reviewer__user", "decided_by", "created_by", "published_by"
            ),
            pk=object_id,
        )
        if not self.has_view_permission(request, revision):
            raise PermissionDenied
        # What the buttons offer is what the workflow's own checks allow.
        verdicts = {
            name: check(revision, by=request.user)
            for name, check in workflow.REVISION_ACTIONS.items()
        }
        if request.method == "POST":
            verdict = verdicts.get(request.POST.get("action"))
            if verdict is None or verdict.forbidden:
                raise PermissionDenied
        decision_form = DecisionForm(
            request.POST if request.POST.get("action") == "decide" else None
        )
        assign_form = AssignForm(
            request.POST if request.POST.get("action") == "assign" else None,
            reviewers=workflow.reviewers_for_assignment(revision),
        )
        publish_form = PublishForm(
            request.POST if request.POST.get("action") == "publish" else None
        )
        if request.method == "POST":
            done = self._handle_post(
                request, revision, decision_form, assign_form, publish_form
            )
            if done:
                return redirect("admin:articles_revision_change", revision.pk)
        live = revision.article.live_revision
        compare_with = live if live and live.pk != revision.pk else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Revision {revision.number} of “{revision.title}”",
            "revision": revision,
            "article": revision.article,
            "compare_with": compare_with,
            "diff": revision_diff(compare_with, revision),
            "events": revision.events.select_related("actor"),
            "decision_form": decision_form if verdicts["decide"] else None,
            "assign_form": assign_form if verdicts["assign"] else None,
            "publish_form": publish_form if verdicts["publish"] else None,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/articles/revision_review.html", context)

    def _handle_post(self, request, revision, decision_form, assign_form, publish_form):
        action = request.POST.get("action")
        form = {
            "decide": decision_form,
            "assign": assign_form,
            "publish": publish_form,
        }.get(action)
        if form is None or not form.is_valid():
            return False
        data = form.cleaned_data
        try:
            if action == "decide" and data["decision"] == "approve":
                workflow.approve(
                    revision,
                    by=request.user,
                    comment=data["comment"],
                    attestation=form.attestation(),
                )
                message = "Approved. A chief editor can now publish it."
            elif action == "decide":
                workflow.request_changes(
                    revision, by=request.user, comment=data["comment"]
                )
                message = (
                    "Changes requested; the editor has been e-mailed your comment."
                )
            elif action == "assign":
                workflow.assign_reviewer(
                    revision, by=request.user, reviewer=data["reviewer"]
                )
                message = f"Assigned to {data['reviewer'].name}."
            else:
                workflow.publish(
                    revision, by=request.user, go_live_at=data["go_live_at"]
                )
                message = (
                    f"Scheduled for {data['go_live_at']:%d %B %Y %H:%M}."
                    if data["go_live_at"]
                    else "Published."
                )
        except (Refusal, PermissionDenied) as error:
            form.add_error(None, str(error))
            return False
        messages.success(request, message)
        return True


@admin.register(ReviewQueueItem)
class ReviewQueueAdmin(ReadOnlyAdmin):
    list_display = ["review_link", "number", "created_by", "created_at", "change_note"]
    list_select_related = ["created_by"]
    ordering = ["created_at"]

    def has_module_permission(self, request):
        return request.user.has_perm("articles.review_article")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.review_article")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(
                decision=Revision.Decision.PENDING,
                reviewer__user_id=request.user.pk,
            )
        )

    @admin.display(description="Article", ordering="title")
    def review_link(self, obj):
        return format_html('<a href="../revision/{}/change/">{}</a>', obj.pk, obj.title)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if not is_storable_key(Revision, object_id):
            raise Http404("No such revision.")
        return redirect("admin:articles_revision_change", object_id)
