"""Moderation of reader feedback. Every status change goes through services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from core.refusals import Refusal

from . import services
from .models import FeedbackReport, InvalidStatusChange

Status = FeedbackReport.Status
# What a moderator typed into a refused moderation form, shown again after the
# redirect so that nothing is lost.
DRAFT_KEY = "feedback-moderation-draft"


class ModerationForm(forms.Form):
    action = forms.CharField(required=False)
    note = forms.CharField(
        label="Internal note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For the team: kept in the report's history and never sent to the "
        "reader. Required to send for re-review (the editor and reviewer get it).",
    )
    reader_message = forms.CharField(
        label="Message to the reader",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="E-mailed to the reader when you resolve the report, if they "
        "agreed to be contacted. Leave it empty to send only our standard thanks. "
        "Do not copy internal notes here.",
    )


class StatusFilter(admin.SimpleListFilter):
    """Status; bare votes are hidden unless asked for, having nothing to triage."""

    title = "status"
    parameter_name = "status"
    DEFAULT_LABEL = "Reports (not bare votes)"

    def lookups(self, request, model_admin):
        return [
            ("open", "Open (new, triaged, needs re-review)"),
            *[(s.value, s.label) for s in Status if s != Status.VOTE],
            (Status.VOTE.value, "Votes only (no reason or details)"),
            ("all", "Everything, with votes"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset.exclude(status=Status.VOTE)
        if value == "all":
            return queryset
        if value == "open":
            return queryset.open()
        return queryset.filter(status=value)

    def choices(self, changelist):
        choices = super().choices(changelist)
        unfiltered = next(choices)  # Django's "All", which here hides the votes
        yield {**unfiltered, "display": self.DEFAULT_LABEL}
        yield from choices


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
        StatusFilter,
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

    @admin.display(description="Article", ordering="article__title")
    def article_title(self, obj):
        return obj.article.title

    @admin.display(description="Details")
    def short_details(self, obj):
        return Truncator(obj.details).chars(80)

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
            context["moderation_form"] = ModerationForm(initial=draft)
            context["moves"] = [(s.value, s.label) for s in Status if s in allowed]
            context["can_moderate"] = self.has_change_permission(request, obj)
            context["reader_will_be_told"] = bool(obj.consent_to_contact and obj.email)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def moderate_view(self, request, pk):
        report = get_object_or_404(FeedbackReport, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, report):
            raise PermissionDenied
        form = ModerationForm(request.POST)
        if not form.is_valid():
            return self._refuse(request, report, form, self._errors(form))
        note = form.cleaned_data["note"]
        reader_message = form.cleaned_data["reader_message"]
        action = form.cleaned_data["action"]
        try:
            if action == "rereview":
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
        }
        return redirect("admin:feedback_feedbackreport_change", report.pk)
