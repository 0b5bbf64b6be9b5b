"""Content, people, references, frozen revisions and the review audit log.

A package of modules by subject; everything is importable from here.
"""

from .article import Article, ArticleQuerySet, Reference
from .comments import Comment, CommentThread
from .derived import PublicPagesGeneration, RevisionFingerprint
from .evidence import (
    CitedSource,
    IdentifierKind,
    RegistryCursor,
    SourceCheck,
    SourceNotice,
    cited_identifiers,
)
from .people import (
    Author,
    FactChecker,
    MedicalReviewer,
    Person,
    Registration,
    Specialty,
    Topic,
)
from .review import OutsideReviewLink, ReviewStep
from .revision import (
    ImmutableRevisionError,
    ReviewEvent,
    ReviewQueueItem,
    Revision,
    RevisionQuerySet,
    content_hash,
)
from .steps import StepKind
from .validators import (
    validate_plain_text,
    validate_profile_links,
    validate_single_line,
)

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Author",
    "CitedSource",
    "IdentifierKind",
    "RegistryCursor",
    "SourceCheck",
    "SourceNotice",
    "cited_identifiers",
    "Comment",
    "CommentThread",
    "FactChecker",
    "OutsideReviewLink",
    "Registration",
    "ReviewStep",
    "Specialty",
    "StepKind",
    "ImmutableRevisionError",
    "MedicalReviewer",
    "Person",
    "PublicPagesGeneration",
    "Reference",
    "ReviewEvent",
    "ReviewQueueItem",
    "Revision",
    "RevisionFingerprint",
    "RevisionQuerySet",
    "Topic",
    "content_hash",
    "validate_plain_text",
    "validate_profile_links",
    "validate_single_line",
]
