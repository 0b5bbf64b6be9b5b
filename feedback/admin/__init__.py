"""Moderation of reader feedback. Every status change goes through services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from core.refusals import Refusal

from .. import services
from ..models import PERSONAL_DATA_HELP, FeedbackReport, InvalidStatusChange
from .parts import (
    SHORT_REASONS,
    ModerationForm,
    PersonalDataFilter,
    StatusFilter,
    revision_label,
)

Status = FeedbackReport.Status
# What a moderator typed into a refused moderation form, shown again after the
# redirect so that nothing is lost.
DRAFT_KEY = "feedback-moderation-draft"


@admin.register(FeedbackReport)
class FeedbackReportAdmin(admin.ModelAdmin):
    change_form_template = "admin/feedback/feedbackreport/change_form.html"
    # Narrow columns, status and assignee first: the list fits 1280 px with its
    # filters beside it.
    list_display = [
        "received",
        "status",
        "assignee_name",
        "article_title",
        "report",
    ]
    list_display_links = ["received", "article_title"]
    list_filter = [
        StatusFilter,
        "reason",
        "helpful",
        PersonalDataFilter,
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
        "fixed_by",
        "resolution_note",
        "reader_message",
        "created_at",
        "user_agent",
        "history",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Received", ordering="created_at")
    def received(self, obj):
        when = timezone.localtime(obj.created_at)
        return format_html(
            '<time datetime="{}" title="{}">{}</time>',
            when.isoformat(timespec="seconds"),  # HTML allows at most 3 decimals
            f"{when:%d %B %Y, %H:%M}",
            f"{when:%d %b %Y}",
        )

    @admin.display(description="Assigned to", ordering="assignee__username")
    def assignee_name(self, obj):
        return obj.assignee.get_username() if obj.assignee else "-"

    @admin.display(description="Article", ordering="article__title")
    def article_title(self, obj):
        return Truncator(obj.article.title).chars(40)

    @admin.display(description="Report", ordering="reason")
    def report(self, obj):
        """Return the reason, the start of the details and the warnings, stacked."""
        lines = [
            format_html(
                "<strong>{}</strong>{}",
                SHORT_REASONS.get(obj.reason, "No reason given"),
                " (found it helpful)" if obj.helpful else "",
            )
        ]
        if obj.details:
            lines.append(
                format_html(
                    '<span title="{}">{}</span>',
                    Truncator(obj.details).chars(300),
                    Truncator(obj.details).chars(60),
                )
            )
        if obj.has_personal_data:
            lines.append(
                format_html(
                    '<em title="{}">May contain personal data</em>', PERSONAL_DATA_HELP
                )
            )
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))

    @admin.display(description="Fixed by")
    def fixed_by(self, obj):
        revision = obj.fixed_by_revision
        if revision is None:
            return "-"
        can_go_live = services.can_still_go_live(revision)
        link = format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_revision_change", args=[revision.pk]),
            revision_label(revision, can_go_live=can_go_live),
        )
        if not obj.reader_email_held:
            return link
        if can_go_live:
            return format_html(
                "{}. The reader will be e-mailed when it goes live.", link
            )
        return format_html(
            "{}. The reader will not be e-mailed: reopen the report and resolve "
            "it with the revision that fixes it.",
            link,
        )

    @admin.display(description="Article")
    def article_link(self, obj):
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">edit</a>)',
            obj.article.get_absolute_url(),
            obj.article.title,
            reverse("admin:articles_article_change", args=[obj.article_id]),
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
        try:
            services.check_assignee(request.user, by=request.user)
        except Refusal as error:
            self.message_user(request, f"Nothing was changed. {error}", messages.ERROR)
            return
        assigned = 0
        for report in queryset:
            services.assign(report, by=request.user, assignee=request.user)
            assigned += 1
        self.message_user(request, f"{assigned} report(s) assigned to you.")

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
            draft = request.session.pop(DRAFT_KEY, None)
            if draft and draft.get("report") != obj.pk:
                draft = None
            context["moderation_form"] = ModerationForm(
                report=obj,
                initial=draft
                or {
                    "assignee": obj.assignee_id,
                    "fixed_by_revision": obj.fixed_by_revision_id,
                },
            )
            context["moves"] = [(s.value, s.label) for s in Status if s in allowed]
            context["can_moderate"] = self.has_change_permission(request, obj)
            context["offer_fix"] = (
                Status.RESOLVED in allowed and services.fix_revisions(obj).exists()
            )
            context["reader_will_be_told"] = obj.can_tell_reporter
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def moderate_view(self, request, pk):
        report = get_object_or_404(FeedbackReport, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, report):
            raise PermissionDenied
        form = ModerationForm(request.POST, report=report)
        if not form.is_valid():
            return self._refuse(request, report, form, self._errors(form))
        note = form.cleaned_data["note"]
        reader_message = form.cleaned_data["reader_message"]
        fixed_by_revision = form.cleaned_data["fixed_by_revision"]
        action = form.cleaned_data["action"]
        try:
            if action != Status.RESOLVED and fixed_by_revision is not None:
                raise InvalidStatusChange(services.FIX_ONLY_WHEN_RESOLVING)
            if action == "assign":
                if reader_message.strip():
                    raise InvalidStatusChange(
                        services.READER_MESSAGE_ONLY_WHEN_RESOLVING
                    )
                assignee = form.cleaned_data["assignee"]
                services.assign(report, by=request.user, assignee=assignee, note=note)
                messages.success(
                    request,
                    f"Report assigned to {assignee.get_username()}."
                    if assignee
                    else "Report unassigned.",
                )
            elif action == "rereview":
                services.send_for_rereview(report, by=request.user, reason=note)
                messages.success(
                    request,
                    "The article was sent back for medical review; its editor and "
                    "reviewer were e-mailed.",
                )
            elif action in Status.values:
                services.set_status(
                    report,
                    by=request.user,
                    status=action,
                    note=note,
                    reader_message=reader_message,
                    fixed_by_revision=fixed_by_revision,
                )
                messages.success(request, f"Report marked {Status(action).label}.")
            else:
                raise InvalidStatusChange("Choose what to do with the report.")
        except (Refusal, PermissionDenied) as error:
            return self._refuse(request, report, form, str(error))
        return redirect("admin:feedback_feedbackreport_change", report.pk)

    @staticmethod
    def _errors(form):
        return " ".join(
            f"{form.fields[name].label}: {error}" if name in form.fields else error
            for name, errors in form.errors.items()
            for error in errors
        )

    def _refuse(self, request, report, form, reason):
        """Say why nothing changed, and keep what was typed for the page."""
        messages.error(request, f"Nothing was changed. {reason}")
        request.session[DRAFT_KEY] = {
            "report": report.pk,
            "note": form.data.get("note", ""),
            "reader_message": form.data.get("reader_message", ""),
            "assignee": form.data.get("assignee", ""),
            "fixed_by_revision": form.data.get("fixed_by_revision", ""),
        }
        return redirect("admin:feedback_feedbackreport_change", report.pk)
