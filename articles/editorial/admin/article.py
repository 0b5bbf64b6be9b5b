"""The article admin: working copy, references, history and workflow buttons."""

from django.contrib import admin
from django.db.models import BooleanField, F, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles import workflow
from articles.models import Article
from feedback.selectors import (
    FEEDBACK_WINDOW_DAYS,
    helpful_share,
    with_feedback_figures,
)

from .article_actions import ArticleWorkflowViews
from .article_parts import (
    ArticleBodyWidget,
    ReferenceInline,
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
    list_display = [
        "title",
        "topic",
        "status",
        "is_live",
        "live_reviewer",
        "next_review_due",
        "open_reports",
        "helpful_share",
        "updated_at",
    ]
    list_filter = ["status", "topic", ReviewerFilter, ReviewOverdueFilter]
    # The reviewer's name is annotated (get_queryset): joining the live revision
    # here would load every row's frozen text just to print one name.
    list_select_related = ["topic"]
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
                    "version",
                ]
            },
        ),
    ]
    inlines = [ReferenceInline]

    # Columns and read-only panels ------------------------------------------

    def get_queryset(self, request):
        """Return articles annotated with their reader feedback figures."""
        articles = with_feedback_figures(super().get_queryset(request))
        return (
            articles.annotate(
                live_reviewer_name=F("live_revision__decided_by__name"),
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
        return obj.open_report_count

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

    @admin.display(boolean=True, description="Live")
    def is_live(self, obj):
        return obj.is_published

    @admin.display(description="Approved by", ordering="live_reviewer_name")
    def live_reviewer(self, obj):
        return obj.live_reviewer_name or "-"

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
