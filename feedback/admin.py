"""Moderation of reader feedback. Every status change goes through services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from articles.workflow import WorkflowError

from . import services
from .models import FeedbackReport, InvalidStatusChange

Status = FeedbackReport.Status


class ModerationForm(forms.Form):
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Resolution note or re-review reason. Required to send for "
        "re-review; sent to the reporter (if they agreed) when you resolve.",
    )


@admin.register(FeedbackReport)
class FeedbackReportAdmin(admin.ModelAdmin):
    change_form_template = "admin/feedback/feedbackreport/change_form.html"
    list_display = [
        "created_at",
        "article_title",
        "helpful",
        "reason",
        "short_details",
        "status",
        "has_personal_data",
        "assignee",
    ]
    list_display_links = ["created_at", "article_title"]
    list_filter = [
        "status",
        "reason",
        "helpful",
        "has_personal_data",
        ("article__topic", admin.RelatedOnlyFieldListFilter),
        ("article", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["article", "assignee"]
    search_fields = ["details", "article__title", "resolution_note"]
    date_hierarchy = "created_at"
    actions = [
        "mark_triaged",
        "mark_resolved",
        "mark_dismissed",
        "mark_spam",
        "assign_to_me",
    ]
    readonly_fields = [
        "article_link",
        "revision_seen",
        "helpful",
        "reason",
        "details",
        "has_personal_data",
        "email",
        "consent_to_contact",
        "status",
        "assignee",
        "resolution_note",
        "created_at",
        "user_agent",
        "history",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Article", ordering="article__title")
    def article_title(self, obj):
        return obj.article.title

    @admin.display(description="Details")
    def short_details(self, obj):
        return (obj.details[:80] + "…") if len(obj.details) > 80 else obj.details

    @admin.display(description="Article")
    def article_link(self, obj):
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">edit</a>)',
            obj.article.get_absolute_url(),
            obj.article.title,
            f"../../../../articles/article/{obj.article_id}/change/",
        )

    @admin.display(description="Text the reader saw")
    def revision_seen(self, obj):
        revision = obj.revision
        live = obj.article.live_revision_id == revision.pk
        # body_html was sanitised by articles.rendering when the revision was frozen.
        return format_html(
            "<p>Revision {} published {}{}.</p>"
            '<div class="rendered-article"><h1>{}</h1>{}{}</div>',
            revision.number,
            revision.published_at.strftime("%d %B %Y")
            if revision.published_at
            else "-",
            "" if live else " (no longer the live revision)",
            revision.title,
            mark_safe(revision.body_html),  # noqa: S308 - sanitised at freeze time
            mark_safe(revision.references_html),  # noqa: S308
        )

    @admin.display(description="History")
    def history(self, obj):
        events = obj.events.select_related("actor")
        if not events:
            return "No changes yet."
        return format_html_join(
            "",
            "<p>{}: {} → {} by {}{}</p>",
            (
                (
                    e.created_at.strftime("%Y-%m-%d %H:%M"),
                    e.from_status,
                    e.to_status,
                    e.actor.get_username() if e.actor else "system",
                    f" ({e.note})" if e.note else "",
                )
                for e in events
            ),
        )

    # Bulk actions ------------------------------------------------------------

    def _bulk(self, request, queryset, status):
        done, refused = 0, []
        for report in queryset:
            try:
                services.set_status(report, by=request.user, status=status)
                done += 1
            except InvalidStatusChange as error:
                refused.append(f"#{report.pk}: {error}")
        if done:
            self.message_user(
                request, f"{done} report(s) marked {Status(status).label}."
            )
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description="Mark as triaged", permissions=["change"])
    def mark_triaged(self, request, queryset):
        self._bulk(request, queryset, Status.TRIAGED)

    @admin.action(description="Mark as resolved", permissions=["change"])
    def mark_resolved(self, request, queryset):
        self._bulk(request, queryset, Status.RESOLVED)

    @admin.action(description="Dismiss", permissions=["change"])
    def mark_dismissed(self, request, queryset):
        self._bulk(request, queryset, Status.DISMISSED)

    @admin.action(description="Mark as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._bulk(request, queryset, Status.SPAM)

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        for report in queryset:
            services.assign(report, by=request.user, assignee=request.user)
        self.message_user(request, f"{queryset.count()} report(s) assigned to you.")

    # The detail page's buttons -----------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:pk>/moderate/",
                self.admin_site.admin_view(self.moderate_view),
                name="feedback_feedbackreport_moderate",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None:
            allowed = FeedbackReport.TRANSITIONS.get(obj.status, set())
            context["moderation_form"] = kwargs.pop("moderation_form", None) or (
                ModerationForm()
            )
            context["moves"] = [(s.value, s.label) for s in Status if s in allowed]
            context["can_moderate"] = self.has_change_permission(request, obj)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def moderate_view(self, request, pk):
        report = get_object_or_404(FeedbackReport, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, report):
            raise PermissionDenied
        form = ModerationForm(request.POST)
        form.is_valid()
        note = form.cleaned_data.get("note", "").strip()
        action = request.POST.get("action", "")
        try:
            if action == "rereview":
                services.send_for_rereview(report, by=request.user, reason=note)
                messages.success(
                    request,
                    "The article was sent back for medical review; its editor and "
                    "reviewer were e-mailed.",
                )
            elif action in Status.values:
                services.set_status(report, by=request.user, status=action, note=note)
                messages.success(request, f"Report marked {Status(action).label}.")
            else:
                messages.error(request, "Choose what to do with the report.")
        except (InvalidStatusChange, WorkflowError, PermissionDenied) as error:
            messages.error(request, str(error))
        return redirect("admin:feedback_feedbackreport_change", report.pk)
