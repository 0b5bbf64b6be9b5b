"""Admin screens for editors, medical reviewers and chief editors.

Every workflow button calls articles.workflow; these modules only collect input
and show results.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model

from articles.models import Author, MedicalReviewer, ReviewEvent, Topic

from .article import ArticleAdmin  # noqa: F401
from .read_only import ReadOnlyAdmin
from .revision import ReviewQueueAdmin, RevisionAdmin  # noqa: F401
from .users import RoleAwareUserAdmin  # noqa: F401


@admin.register(ReviewEvent)
class ReviewEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "article", "revision", "action", "actor", "comment"]
    list_filter = ["action"]
    list_select_related = ["article", "actor", "revision"]
    search_fields = ["article__title", "comment"]
    date_hierarchy = "created_at"


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

    # Whoever controls the account behind a reviewer profile approves in that
    # reviewer's name. The field itself accepts only accounts in the Medical
    # reviewers group; only superusers may re-point a profile, or link one to a
    # chief editor's own account (docs/roles.md).
    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and not request.user.is_superuser:
            return [*fields, "user"]
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            # Not yet behind a profile, and never the chief editor's own.
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(reviewer_profile__isnull=True)
                .exclude(pk=request.user.pk)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
