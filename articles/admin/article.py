"""The article admin: working copy, references, history and workflow buttons."""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import BooleanField, Count, F, Q, Value
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from markdownx.widgets import AdminMarkdownxWidget

from feedback.models import FeedbackReport

from .. import workflow
from ..models import Article, MedicalReviewer, Reference, Revision
from ..periodic_review import DUE_SOON_DAYS
from ..rendering import render_article
from .forms import (
    ArticleForm,
    KnownKeysAutocomplete,
    KnownKeysMultipleChoiceField,
    ReasonForm,
    SubmitForm,
    is_storable_key,
)

FEEDBACK_WINDOW_DAYS = 90


class ArticleBodyWidget(AdminMarkdownxWidget):
    """The markdownx editor, previewing with this article's saved references."""

    def __init__(self, article_id=None, attrs=None):
        self.article_id = article_id
        super().__init__(attrs)

    def add_markdownx_attrs(self, attrs):
        attrs = super().add_markdownx_attrs(attrs)
        url = reverse("markdownx_markdownify")
        if self.article_id:
            url += f"?article={self.article_id}"
        attrs["data-markdownx-urls-path"] = url
        attrs["data-markdownx-upload-urls-path"] = reverse("markdownx_upload")
        return attrs


class ReferenceInline(admin.StackedInline):
    model = Reference
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [
        ("key", "kind", "position"),
        "authors",
        "title",
        ("container", "year"),
        ("volume", "issue", "pages"),
        ("doi", "pmid", "pmcid"),
        ("url", "accessed_on"),
        ("evidence_type", "peer_reviewed"),
    ]


class ReviewOverdueFilter(admin.SimpleListFilter):
    title = "periodic review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("due30", f"Due within {DUE_SOON_DAYS} days")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.published().filter(next_review_due__lt=today)
        if self.value() == "due30":
            return queryset.published().filter(
                next_review_due__gte=today,
                next_review_due__lte=today + timedelta(days=DUE_SOON_DAYS),
            )
        return queryset


class ReviewerFilter(admin.SimpleListFilter):
    title = "medical reviewer"
    parameter_name = "reviewer"

    def lookups(self, request, model_admin):
        return [(str(r.pk), r.name) for r in MedicalReviewer.objects.only("pk", "name")]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if not is_storable_key(MedicalReviewer, self.value()):
            return queryset.none()  # ?reviewer=abc names nobody
        articles = Revision.objects.filter(reviewer_id=self.value()).values(
            "article_id"
        )
        return queryset.filter(pk__in=articles)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
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
        since = timezone.now() - timedelta(days=FEEDBACK_WINDOW_DAYS)
        # Bare votes count toward the share but are not open reports; spam
        # counts toward neither (feedback.models).
        recent = Q(feedback_reports__created_at__gte=since) & ~Q(
            feedback_reports__status=FeedbackReport.Status.SPAM
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                live_reviewer_name=F("live_revision__decided_by__name"),
                open_report_count=Count(
                    "feedback_reports",
                    filter=Q(feedback_reports__status__in=FeedbackReport.OPEN_STATUSES),
                ),
                votes_90=Count("feedback_reports", filter=recent),
                helpful_90=Count(
                    "feedback_reports",
                    filter=recent & Q(feedback_reports__helpful=True),
                ),
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
        if not obj.votes_90:
            return "-"
        return f"{round(100 * obj.helpful_90 / obj.votes_90)}% of {obj.votes_90}"

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
        if not change:
            workflow.record_edit(obj, request.user)
            super().save_model(request, obj, form, change)
            return
        # OBJ was read before the form's clean() locked the row; a withdraw or
        # publish may have changed the workflow fields since. Write only the
        # working copy, so the editor's save cannot undo them.
        obj.pending_editor_ids = Article.objects.values_list(
            "pending_editor_ids", flat=True
        ).get(pk=obj.pk)
        workflow.record_edit(obj, request.user)
        obj.version = F("version") + 1
        fields = [name for name in Article.WORKING_COPY_FIELDS if name in form.fields]
        obj.save(update_fields=[*fields, "version", "pending_editor_ids", "updated_at"])
        obj.refresh_from_db(fields=["version"])

    # Workflow buttons ------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/submit/",
                view(self.submit_view),
                name="articles_article_submit",
            ),
            path(
                "<int:pk>/withdraw/",
                view(self.withdraw_view),
                name="articles_article_withdraw",
            ),
            path(
                "<int:pk>/rereview/",
                view(self.rereview_view),
                name="articles_article_rereview",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        user = request.user
        latest = obj.revisions.first() if obj else None
        context.update(
            can_submit=obj is not None and user.has_perm("articles.submit_article"),
            can_withdraw=obj is not None
            and obj.is_published
            and user.has_perm("articles.withdraw_article"),
            can_rereview=obj is not None
            and obj.is_published
            and user.has_perm("articles.request_rereview"),
            latest_revision=latest,
            changed_since_submission=bool(
                obj and latest and latest.content_hash != obj.working_copy_hash()
            ),
        )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def _workflow_page(self, request, article, title, form, **extra):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "article": article,
            "form": form,
            **extra,
        }
        return TemplateResponse(request, "admin/articles/workflow_form.html", context)

    def _back(self, article):
        return redirect("admin:articles_article_change", article.pk)

    def _run(self, request, form, action):
        """Run a workflow call; on refusal put the reason on the form."""
        try:
            action()
        except (workflow.WorkflowError, PermissionDenied) as error:
            form.add_error(None, str(error))
            return False
        return True

    def submit_view(self, request, pk):
        from .. import integrity

        article = get_object_or_404(Article, pk=pk)
        if not request.user.has_perm("articles.submit_article"):
            raise PermissionDenied
        exclude = workflow.excluded_for_submission(article, request.user)
        form = SubmitForm(
            request.POST or None,
            exclude_user_ids=exclude,
            can_override=integrity.can_override(request.user),
        )
        if request.method == "POST" and form.is_valid():
            ok = self._run(
                request,
                form,
                lambda: workflow.submit_for_review(
                    article,
                    by=request.user,
                    reviewer=form.cleaned_data["reviewer"],
                    change_note=form.cleaned_data["change_note"],
                    override_reason=form.cleaned_data.get("override_reason", ""),
                ),
            )
            if ok:
                reviewer = form.cleaned_data["reviewer"]
                messages.success(request, f"Submitted to {reviewer.name} for review.")
                return self._back(article)
        rendered = render_article(
            article.body, article.frozen_references(), strict=False
        )
        return self._workflow_page(
            request,
            article,
            f"Submit “{article.title}” for medical review",
            form,
            rendered=rendered,
            integrity=integrity.build_report(article),
            submit_label="Submit for review",
            intro=(
                "The text below is frozen as a new revision. The reviewer approves "
                "exactly this text; any later edit needs a new approval."
            ),
        )

    def _reason_view(self, request, pk, *, perm, title, label, intro, action, done):
        article = get_object_or_404(Article, pk=pk)
        if not request.user.has_perm(perm):
            raise PermissionDenied
        form = ReasonForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            reason = form.cleaned_data["reason"]
            if self._run(
                request, form, lambda: action(article, by=request.user, reason=reason)
            ):
                messages.success(request, done)
                return self._back(article)
        return self._workflow_page(
            request, article, title, form, submit_label=label, intro=intro
        )

    def withdraw_view(self, request, pk):
        return self._reason_view(
            request,
            pk,
            perm="articles.withdraw_article",
            title="Withdraw this article",
            label="Withdraw",
            intro=(
                "The public address will answer “withdrawn” (HTTP 410). Nothing is "
                "deleted; publishing an approved revision brings it back."
            ),
            action=workflow.withdraw,
            done="The article was withdrawn.",
        )

    def rereview_view(self, request, pk):
        return self._reason_view(
            request,
            pk,
            perm="articles.request_rereview",
            title="Send this article back for medical review",
            label="Send for re-review",
            intro=(
                "The approved text stays live. The editor and the reviewer who "
                "approved it are e-mailed the reason."
            ),
            action=workflow.request_rereview,
            done="The article was sent back for re-review.",
        )
