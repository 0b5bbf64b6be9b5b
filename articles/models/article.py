"""The article (the editors' working copy) and its references."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from markdownx.models import MarkdownxField

from .hashing import content_hash
from .people import Author, Topic
from .validators import validate_plain_text, validate_single_line

# What a list of articles shows (and feeds build on): loaded without the text.
LISTING_FIELDS = (
    "slug",
    "topic__name",
    "topic__slug",
    "live_revision__title",
    "live_revision__summary",
    "live_revision__published_at",
)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Return the articles readers can see: those with a live revision."""
        return self.filter(live_revision__isnull=False, withdrawn_at__isnull=True)

    def for_listing(self):
        """Return published articles with what a list item shows, newest first."""
        return (
            self.published()
            .select_related("live_revision", "topic")
            .only(*LISTING_FIELDS)
            # Article.last_published_at, not the live revision's column: sorting
            # through the join read the whole table (see Article.Meta.indexes).
            .order_by("-last_published_at", "-pk")
        )


class Article(models.Model):
    """The editors' working copy and the article's identity.

    Readers never see these fields directly: the public page renders
    ``live_revision``, a frozen and approved snapshot.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved, not yet live"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # The title goes into e-mail subjects and feeds, the summary into feeds.
    title = models.CharField(max_length=200, validators=[validate_single_line])
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text=(
            "The last part of the public address. It cannot change once the "
            "article is published, so links to it keep working."
        ),
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="articles")
    summary = models.TextField(
        max_length=300,
        validators=[validate_plain_text],
        help_text="One or two sentences shown under the title and in search results.",
    )
    body = MarkdownxField(
        help_text=(
            "Markdown. Cite a reference by its key in square brackets: [@smith2020], "
            "or several at once: [@smith2020; @who2023]."
        )
    )
    authors = models.ManyToManyField(Author, related_name="articles")
    also_read = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        help_text="Other articles to suggest at the end of this one.",
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    live_revision = models.OneToOneField(
        "Revision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="live_for",
    )
    next_review_due = models.DateField(null=True, blank=True, editable=False)
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_published_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the live revision went live (a copy, for sorting lists).",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every save; guards against lost updates."
    )
    pending_editor_ids = models.JSONField(
        default=list,
        editable=False,
        help_text="Users who changed the working copy since the last submission.",
    )
    rereview_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    rereview_reason = models.TextField(blank=True, editable=False)
    review_reminder_sent_for = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text=(
            "The periodic review due date the reviewer was last reminded of: one "
            "reminder per due date."
        ),
    )

    objects = ArticleQuerySet.as_manager()

    # What an editor's save writes: the rest of the row belongs to the workflow.
    WORKING_COPY_FIELDS = ("title", "slug", "topic", "summary", "body")

    class Meta:
        ordering = ["title"]
        permissions = [
            ("submit_article", "Can submit an article for medical review"),
            ("assign_reviewer", "Can assign or reassign a medical reviewer"),
            ("publish_article", "Can publish or schedule an approved revision"),
            ("withdraw_article", "Can withdraw a published article"),
            ("request_rereview", "Can send a published article back for review"),
            ("review_article", "Can approve or request changes as a medical reviewer"),
            ("fact_check_article", "Can approve or request changes as a fact checker"),
            (
                "correct_attribution",
                "Can correct a reviewer's name as shown on approved revisions",
            ),
            (
                "send_outside_review",
                "Can send a reviewer outside the team a link to a revision",
            ),
            (
                "override_specialty",
                "Can assign a reviewer outside their specialties, giving a reason",
            ),
            (
                "override_originality",
                "Can submit a draft the originality check blocks, giving a reason",
            ),
            (
                "cite_retracted",
                "Can submit a draft citing a retracted or withdrawn work, giving a "
                "reason",
            ),
        ]
        # The public lists (home, topic, related and recent) read the newest
        # published articles straight from these, without sorting the table.
        indexes = [
            models.Index(
                fields=["-last_published_at", "-id"],
                name="article_listing_recent",
                condition=Q(live_revision__isnull=False, withdrawn_at__isnull=True),
            ),
            models.Index(
                fields=["topic", "-last_published_at", "-id"],
                name="article_listing_topic",
                condition=Q(live_revision__isnull=False, withdrawn_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.pk is None:
            return
        # Read from the database: the instance may carry the edited slug, or a
        # copy read before the article was published.
        stored = (
            Article.objects.filter(pk=self.pk)
            .values("slug", "first_published_at")
            .first()
        )
        if stored and stored["first_published_at"] and stored["slug"] != self.slug:
            address = reverse("articles:detail", args=[stored["slug"]])
            raise ValidationError(
                {
                    "slug": ValidationError(
                        f"This article has been published, so its address "
                        f"({address}) cannot change: every link to it would break.",
                        code="published_slug",
                    )
                }
            )

    def frozen_references(self):
        """Return the working copy's references as the dicts a Revision stores."""
        return [ref.as_frozen() for ref in self.references.all()]

    def frozen_byline(self):
        """Return the working copy's authors as the dicts a Revision stores."""
        return [
            {
                "id": author.pk,
                "name": author.name,
                "credentials": author.credentials,
                "slug": author.slug,
            }
            for author in self.authors.order_by("name")
        ]

    def working_copy_hash(self):
        """Return the content hash the working copy would have if submitted now."""
        from ..rendering import render_article

        references = self.frozen_references()
        rendered = render_article(self.body, references, strict=False)
        return content_hash(
            title=self.title,
            summary=self.summary,
            body=self.body,
            references=references,
            body_html=rendered.body_html,
            references_html=rendered.references_html,
        )

    @property
    def is_published(self):
        """Return whether readers can see this article (live and not withdrawn)."""
        return self.live_revision_id is not None and self.withdrawn_at is None


class Reference(models.Model):
    """A source cited by an article's working copy."""

    class Kind(models.TextChoices):
        JOURNAL = "journal", "Journal article"
        BOOK = "book", "Book"
        GUIDELINE = "guideline", "Guideline"
        WEB = "web", "Web page"

    class Evidence(models.TextChoices):
        SYSTEMATIC_REVIEW = "systematic-review", "Systematic review or meta-analysis"
        RCT = "rct", "Randomised controlled trial"
        COHORT = "cohort", "Cohort or case-control study"
        GUIDELINE = "guideline", "Clinical guideline"
        REVIEW = "review", "Narrative review"
        OTHER = "other", "Other"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="references"
    )
    key = models.SlugField(
        max_length=60,
        allow_unicode=False,
        help_text="Short name used in the text, e.g. smith2020 for [@smith2020].",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.JOURNAL)
    authors = models.CharField(
        max_length=500,
        blank=True,
        help_text="Surname and initials, comma-separated: Smith AB, Jones C.",
    )
    title = models.CharField(max_length=500)
    container = models.CharField(
        "journal or publisher",
        max_length=300,
        blank=True,
        help_text="Journal abbreviation (e.g. N Engl J Med) or the publisher.",
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    volume = models.CharField(max_length=20, blank=True)
    issue = models.CharField(max_length=20, blank=True)
    pages = models.CharField(max_length=30, blank=True)
    doi = models.CharField(
        "DOI", max_length=200, blank=True, help_text="e.g. 10.1056/NEJMoa2034577"
    )
    pmid = models.CharField("PMID", max_length=12, blank=True)
    pmcid = models.CharField("PMCID", max_length=15, blank=True)
    url = models.URLField(max_length=500, blank=True)
    accessed_on = models.DateField(null=True, blank=True)
    evidence_type = models.CharField(
        max_length=20, choices=Evidence.choices, default=Evidence.OTHER
    )
    peer_reviewed = models.BooleanField(default=False)
    first_authors_only = models.BooleanField(
        "lists only the first authors",
        default=False,
        help_text=(
            "Tick when the authors field lists only the first authors of a longer "
            'list; the reference then ends the list with "et al".'
        ),
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "key"], name="unique_reference_key_per_article"
            )
        ]

    def __str__(self):
        return f"[@{self.key}] {self.title}"

    FROZEN_FIELDS = (
        "key",
        "kind",
        "authors",
        "title",
        "container",
        "year",
        "volume",
        "issue",
        "pages",
        "doi",
        "pmid",
        "pmcid",
        "url",
        "accessed_on",
        "evidence_type",
        "peer_reviewed",
    )

    def as_frozen(self):
        """Return this reference as a plain dict, as stored in a Revision.

        ``first_authors_only`` is stored only when set, so the revisions frozen
        before the flag existed keep their content hashes, and so does every
        working copy that does not use it.
        """
        data = {name: getattr(self, name) for name in self.FROZEN_FIELDS}
        if data["accessed_on"]:
            data["accessed_on"] = data["accessed_on"].isoformat()
        if self.first_authors_only:
            data["first_authors_only"] = True
        return data

    def clean(self):
        from ..references import DOI_RE, PMCID_RE, PMID_RE

        self.doi = self.doi.strip().removeprefix("https://doi.org/")
        self.pmcid = self.pmcid.strip().upper()
        if self.pmcid and not self.pmcid.startswith("PMC"):
            self.pmcid = f"PMC{self.pmcid}"
        # Every identifier is checked, and all problems are reported at once, so
        # a mistyped one is caught while typing rather than silently losing its
        # link on the published page (the patterns are the renderer's own).
        errors = {}
        if self.doi and not DOI_RE.match(self.doi):
            errors["doi"] = "A DOI starts with 10. and a slash, e.g. 10.1136/bmj.m1234."
        if self.pmid and not PMID_RE.match(self.pmid):
            errors["pmid"] = "A PMID is digits only (at most 9), e.g. 32109013."
        if self.pmcid and not PMCID_RE.match(self.pmcid):
            errors["pmcid"] = "A PMCID is PMC and digits, e.g. PMC7106048."
        if errors:
            raise ValidationError(errors)
