"""Pieces of the article admin: the body editor, the references inline, filters."""

from datetime import timedelta

from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from markdownx.widgets import AdminMarkdownxWidget

from articles.models import MedicalReviewer, Reference, Revision
from articles.workflow.periodic import DUE_SOON_DAYS

from .forms import is_storable_key


class ArticleBodyWidget(AdminMarkdownxWidget):
    """The markdownx editor; the preview uses the references as typed in the form."""

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
        # static/js/editor-preview.js refreshes the preview with the references
        # as typed; markdownx's own refresh (saved references only) never fires.
        attrs["data-markdownx-latency"] = str(10**9)
        return attrs


class ReferenceInline(admin.StackedInline):
    model = Reference
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [
        ("key", "kind", "position"),
        ("authors", "first_authors_only"),
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


class RereviewFilter(admin.SimpleListFilter):
    """Articles flagged for re-review (by a moderator, a chief or periodic review)."""

    title = "re-review"
    parameter_name = "rereview"

    def lookups(self, request, model_admin):
        return [("flagged", "Flagged"), ("not_flagged", "Not flagged")]

    def queryset(self, request, queryset):
        if self.value() == "flagged":
            return queryset.filter(rereview_requested_at__isnull=False)
        if self.value() == "not_flagged":
            return queryset.filter(rereview_requested_at__isnull=True)
        return queryset
