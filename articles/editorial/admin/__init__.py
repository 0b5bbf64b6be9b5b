"""Admin screens for editors, medical reviewers and chief editors.

Every workflow button calls articles.workflow; these modules only collect input
and show results.
"""

from django.contrib import admin

from articles.models import ReviewEvent

from .article import ArticleAdmin  # noqa: F401
from .people import (  # noqa: F401
    AuthorAdmin,
    FactCheckerAdmin,
    MedicalReviewerAdmin,
    SpecialtyAdmin,
    TopicAdmin,
)
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
