"""The article admin: working copy, references, history and workflow buttons."""

from django.contrib import admin
from django.db.models import BooleanField, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from articles import workflow
from articles.models import Article, Revision
from feedback.selectors import (
    FEEDBACK_WINDOW_DAYS,
    helpful_share,
    with_feedback_figures,
)

from .article_actions import ArticleWorkflowViews
from .article_parts import (
    ArticleBodyWidget,
    ReferenceInline,
    RereviewFilter,
    ReviewerFilter,
    ReviewOverdueFilter,
)
from .forms import (
    ArticleForm,
    KnownKeysAutocomplete,
    KnownKeysMultipleChoiceField,
)


@admin.register(Article)
class ArticleAdmin(ArticleWorkflowViews, admin.ModelAdmin):
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"
    # Short headers and compact cells, so that every column fits 1280 px with
    # the filters beside the list.
    list_display = [
        "title",
        "status_and_live",
        "assigned_reviewer",
        "review_due",
        "rereview_flag",
        "open_reports",
    ]
    list_filter = [
        "status",
        "topic",
        ReviewerFilter,
        ReviewOverdueFilter,
        RereviewFilter,
    ]
    # The reviewer's name is annotated (get_queryset): joining the live revision
    # here would load every row's frozen text just to print one name.
    list_select_related = False
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authors", "also_read"]
    readonly_fields = [
        "status",
        "public_link",
        "next_review_due",
        "rereview_note",
        "review_history",
        "reader_feedback",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "topic", "authors", "summary", "body"]}),
        ("Suggestions", {"fields": ["also_read"], "classes": ["collapse"]}),
        (
            "Review and publication",
            {
                "fields": [
                    "status",
                    "public_link",
                    "next_review_due",
                    "rereview_note",
                    "reader_feedback",
                    "review_history",
                ]
            },
        ),
    ]
    inlines = [ReferenceInline]

    # Columns and read-only panels ------------------------------------------

    def get_queryset(self, request):
        """Return articles annotated with their reader feedback figures."""
        articles = with_feedback_figures(super().get_queryset(request))
        # The revision waiting for review or publication, if the latest is one.
        next_revision = Revision.objects.current().filter(
            article=OuterRef("pk"), published_at__isnull=True
        )
        return (
            articles.annotate(
                live_reviewer_name=F("live_revision__decided_by__name"),
                next_reviewer_name=Subquery(next_revision.values("reviewer__name")[:1]),
                # Editors cannot open the reports list; they see the figure only.
                can_open_feedback=Value(
                    request.user.has_perm("feedback.view_feedbackreport"),
                    output_field=BooleanField(),
                ),
            )
            # Aggregation drops Meta.ordering; the list re-sorts as asked, and
            # the authors' "also read" search keeps a stable order.
            .order_by(*Article._meta.ordering)
        )

    @admin.display(description="Open reports", ordering="open_report_count")
    def open_reports(self, obj):
        """Return the open reports and, below, how helpful readers found it."""
        if not obj.votes_90:
            return obj.open_report_count
        return format_html(
            '{}<br><span title="Share of readers who answered Yes to “Was this '
            'article helpful?” over the last {} days">Helpful: {}</span>',
            obj.open_report_count,
            FEEDBACK_WINDOW_DAYS,
            self.helpful_share(obj),
        )

    @admin.display(description="Helpful (90 days)", ordering="helpful_90")
    def helpful_share(self, obj):
        return helpful_share(obj.votes_90, obj.helpful_90)

    @admin.display(description="Reader feedback")
    def reader_feedback(self, obj):
        if not obj.pk:
            return "-"
        share = f"Helpful over the last {FEEDBACK_WINDOW_DAYS} days: "
        share += f"{self.helpful_share(obj)}."
        if not getattr(obj, "can_open_feedback", False):
            return f"{share} {obj.open_report_count} open report(s)."
        url = reverse("admin:feedback_feedbackreport_changelist")
        return format_html(
            '{} <a href="{}?status=open&amp;article__id__exact={}">'
            "{} open report(s)</a>.",
            share,
            url,
            obj.pk,
            obj.open_report_count,
        )

    @admin.display(description="Status", ordering="status")
    def status_and_live(self, obj):
        """Return the workflow status, noting when readers see a live revision."""
        if obj.is_published and obj.status != Article.Status.PUBLISHED:
            return format_html(
                '{}<br>(<span title="Readers see the approved live revision">'
                "live</span>)",
                obj.get_status_display(),
            )
        return obj.get_status_display()

    @admin.display(
        description="Reviewer",
        ordering=Coalesce("next_reviewer_name", "live_reviewer_name"),
    )
    def assigned_reviewer(self, obj):
        if obj.next_reviewer_name:
            return format_html(
                '<span title="Reviewing the next revision">{}</span>',
                obj.next_reviewer_name,
            )
        if obj.live_reviewer_name:
            return format_html(
                '<span title="Approved the live revision">{}</span>',
                obj.live_reviewer_name,
            )
        return "-"

    @admin.display(description="Review due", ordering="next_review_due")
    def review_due(self, obj):
        return f"{obj.next_review_due:%d %b %Y}" if obj.next_review_due else "-"

    @admin.display(description="Re-review", ordering="rereview_requested_at")
    def rereview_flag(self, obj):
        if not obj.rereview_requested_at:
            return "-"
        when = timezone.localtime(obj.rereview_requested_at)
        return format_html(
            '<span title="Flagged for re-review on {}: {}">Flagged</span>',
            f"{when:%d %B %Y}",
            Truncator(obj.rereview_reason).chars(200),
        )

    def view_on_site(self, obj):
        """Link "View on site" to the public page, or to the preview of a draft."""
        if obj.is_published:
            return obj.get_absolute_url()
        return reverse("preview-article", args=[obj.pk])

    @admin.display(description="Public page")
    def public_link(self, obj):
        if not obj.pk or not obj.live_revision_id:
            return "Not published yet."
        if obj.withdrawn_at:
            return f"Withdrawn on {obj.withdrawn_at:%d %B %Y}."
        return format_html(
            '<a href="{}">{}</a> (revision {})',
            obj.get_absolute_url(),
            obj.get_absolute_url(),
            obj.live_revision.number,
        )

    @admin.display(description="Re-review requested")
    def rereview_note(self, obj):
        if not obj.rereview_requested_at:
            return "-"
        return f"{obj.rereview_requested_at:%d %B %Y}: {obj.rereview_reason}"

    @admin.display(description="History")
    def review_history(self, obj):
        if not obj.pk:
            return "-"
        events = obj.events.select_related("actor", "revision")[:50]
        if not events:
            return "No review events yet."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M"),
                    e.get_action_display(),
                    e.revision.number if e.revision else "",
                    e.actor.get_username() if e.actor else "system",
                    e.comment,
                )
                for e in events
            ),
        )
        return format_html(
            "<table><thead><tr><th>When</th><th>What</th><th>Revision</th>"
            "<th>Who</th><th>Comment</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownKeysAutocomplete(
                db_field, self.admin_site, using=kwargs.get("using")
            )
            kwargs["form_class"] = KnownKeysMultipleChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            article_id = request.resolver_match.kwargs.get("object_id")
            kwargs["widget"] = ArticleBodyWidget(article_id=article_id)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.first_published_at:
            # Links to a published article must keep working (Article.clean).
            return [*fields, "slug"]
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.first_published_at:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def save_model(self, request, obj, form, change):
        changes = {
            name: form.cleaned_data[name]
            for name in (*Article.WORKING_COPY_FIELDS, "authors", "also_read")
            if name in form.cleaned_data
        }
        saved = workflow.edit_working_copy(
            obj,
            by=request.user,
            changes=changes,
            opened_version=form.opened_version,
        )
        form.instance = saved

    def save_related(self, request, form, formsets, change):
        # edit_working_copy already set the authors and "also read" links.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except workflow.EditConflict:
            # Another save landed between this form's check and its save: the
            # transaction was rolled back, and showing the form again lets its
            # own check report the conflict with everything typed kept.
            return super().changeform_view(request, object_id, form_url, extra_context)
