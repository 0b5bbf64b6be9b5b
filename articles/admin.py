"""Editor screens. Workflow buttons call articles.workflow, never models directly."""

from django.contrib import admin
from django.urls import reverse
from markdownx.widgets import AdminMarkdownxWidget

from . import workflow
from .models import (
    Article,
    Author,
    MedicalReviewer,
    Reference,
    ReviewEvent,
    Revision,
    Topic,
)


class ArticleBodyWidget(AdminMarkdownxWidget):
    """The markdownx editor, previewing with this article's references."""

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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "topic",
        "status",
        "is_live",
        "next_review_due",
        "updated_at",
    ]
    list_filter = ["status", "topic"]
    list_select_related = ["topic"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authors", "also_read"]
    readonly_fields = ["status", "live_revision", "next_review_due", "version"]
    inlines = [ReferenceInline]

    @admin.display(boolean=True, description="Live")
    def is_live(self, obj):
        return obj.is_published

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            article_id = request.resolver_match.kwargs.get("object_id")
            kwargs["widget"] = ArticleBodyWidget(article_id=article_id)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        workflow.record_edit(obj, request.user)
        super().save_model(request, obj, form, change)


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "number",
        "decision",
        "reviewer",
        "created_at",
        "published_at",
    ]
    list_filter = ["decision"]
    list_select_related = ["reviewer"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "article", "action", "actor"]
    list_filter = ["action"]
    list_select_related = ["article", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "review_interval_days"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "credentials", "job_title"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(MedicalReviewer)
class MedicalReviewerAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "credentials",
        "specialty",
        "active",
        "credential_verified_at",
    ]
    list_filter = ["active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "specialty"]
    autocomplete_fields = ["user"]
