"""Content, people, references, frozen revisions and the review audit log."""

import hashlib
import json
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from markdownx.models import MarkdownxField

# Characters that XML 1.0 cannot carry: one of them in a title breaks the RSS
# feeds for everyone. A single line (names and titles, which also go into
# e-mail subjects) has no line breaks either. Forms already refuse NUL.
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_ONE_LINE = re.compile(r"[\x00-\x08\x0a-\x1f\ufffe\uffff]")


def validate_plain_text(value):
    """Raise ValidationError if VALUE holds control characters."""
    if _XML_UNSAFE.search(value or ""):
        raise ValidationError(
            "Remove the invisible control characters (often pasted in from another "
            "program) or non-characters such as U+FFFF.",
            code="control_characters",
        )


def validate_single_line(value):
    """Raise ValidationError if VALUE holds a line break or control characters."""
    if _NOT_ONE_LINE.search(value or ""):
        raise ValidationError(
            "Use one line of text, without line breaks, invisible control "
            "characters or non-characters such as U+FFFF.",
            code="control_characters",
        )


def validate_profile_links(value):
    """Raise ValidationError unless VALUE is a list of {"label", "url"} objects."""
    message = (
        'Enter a list of links, each {"label": "ORCID", "url": "https://..."}, '
        "with plain text in both."
    )
    if not isinstance(value, list):
        raise ValidationError(message, code="invalid_links")
    for link in value:
        if not (
            isinstance(link, dict)
            and set(link) == {"label", "url"}
            and all(
                isinstance(text, str) and "\x00" not in text for text in link.values()
            )
            and link["url"].startswith("https://")
        ):
            raise ValidationError(message, code="invalid_links")


class Topic(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    review_interval_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Leave empty to use the site default for periodic review.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:topic", args=[self.slug])

    def clean(self):
        try:
            validate_single_line(self.name)
        except ValidationError as error:
            raise ValidationError({"name": error}) from None


class Person(models.Model):
    """Fields shared by authors and medical reviewers."""

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    credentials = models.CharField(
        max_length=100,
        blank=True,
        help_text='Post-nominal letters as they should appear, e.g. "MD, FRCP".',
    )
    bio = models.TextField(blank=True)
    photo = models.ImageField(upload_to="people/", blank=True)
    profile_links = models.JSONField(
        default=list,
        blank=True,
        help_text='A list of {"label": "ORCID", "url": "https://orcid.org/..."}.',
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    def clean(self):
        if self.profile_links is None:  # the box was left empty
            self.profile_links = []
        errors = {}
        for name, validate in (
            ("name", validate_single_line),
            ("profile_links", validate_profile_links),
        ):
            try:
                validate(getattr(self, name))
            except ValidationError as error:
                errors[name] = error
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self):
        """Return the name followed by credentials, as printed in bylines."""
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


class Author(Person):
    job_title = models.CharField(max_length=150, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
    )

    class Meta(Person.Meta):
        pass

    def get_absolute_url(self):
        return reverse("articles:author", args=[self.slug])


class MedicalReviewer(Person):
    specialty = models.CharField(max_length=150)
    registration_body = models.CharField(
        max_length=150, blank=True, help_text="e.g. General Medical Council"
    )
    registration_number = models.CharField(max_length=50, blank=True)
    credential_verified_at = models.DateTimeField(
        null=True, blank=True, help_text="When staff last checked the registration."
    )
    conflict_of_interest = models.TextField(
        blank=True, help_text='Shown publicly. Write "None declared." if none.'
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviewer_profile",
        help_text="Reviewers approve drafts in the admin, so they need an account.",
    )
    active = models.BooleanField(default=True)

    class Meta(Person.Meta):
        pass

    def get_absolute_url(self):
        return reverse("articles:reviewer", args=[self.slug])


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Return the articles readers can see: those with a live revision."""
        return self.filter(live_revision__isnull=False, withdrawn_at__isnull=True)

    def for_listing(self):
        """Return published articles with what a list item shows, newest first."""
        return (
            self.published()
            .select_related("live_revision", "topic")
            .only(
                "slug",
                "topic__name",
                "topic__slug",
                "live_revision__title",
                "live_revision__summary",
                "live_revision__published_at",
            )
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

    title = models.CharField(max_length=200)
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
            (
                "override_originality",
                "Can submit a draft the originality check blocks, giving a reason",
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
        from .rendering import render_article

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
        """Return this reference as a plain dict, as stored in a Revision."""
        data = {name: getattr(self, name) for name in self.FROZEN_FIELDS}
        if data["accessed_on"]:
            data["accessed_on"] = data["accessed_on"].isoformat()
        return data

    def clean(self):
        from .rendering import DOI_RE, PMCID_RE

        self.doi = self.doi.strip().removeprefix("https://doi.org/")
        self.pmcid = self.pmcid.strip().upper()
        if self.pmcid and not self.pmcid.startswith("PMC"):
            self.pmcid = f"PMC{self.pmcid}"
        # Every identifier is checked, and all problems are reported at once, so
        # a mistyped one is caught while typing rather than silently losing its
        # link on the published page. The PMCID's length is checked again: the
        # prefix (or upper-casing "ß") can make it too long for its column.
        errors = {}
        if self.doi and not DOI_RE.match(self.doi):
            errors["doi"] = "A DOI starts with 10. and a slash, e.g. 10.1136/bmj.m1234."
        if self.pmid and not self.pmid.isdigit():
            errors["pmid"] = "A PMID is digits only, e.g. 32109013."
        if self.pmcid and (
            not PMCID_RE.match(self.pmcid)
            or len(self.pmcid) > self._meta.get_field("pmcid").max_length
        ):
            errors["pmcid"] = "A PMCID is PMC and digits, e.g. PMC7106048."
        if errors:
            raise ValidationError(errors)


def content_hash(*, title, summary, body, references, body_html, references_html):
    """Return the SHA-256 of everything a reviewer signs for, as hex.

    It covers the sources and the rendered HTML readers get, so neither can be
    changed after approval without the revision failing its check.
    """
    payload = json.dumps(
        {
            "title": title,
            "summary": summary,
            "body": body,
            "references": references,
            "body_html": body_html,
            "references_html": references_html,
        },
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class RevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(decision=Revision.Decision.PENDING)

    def current(self):
        """Return the revisions whose text is an article's current text.

        Its live revision, and its latest revision while that waits for review
        or for publication. An older approved revision can never go live (only
        the latest may be published), so it is not current.
        """
        latest = (
            Revision.objects.filter(article_id=models.OuterRef("article_id"))
            .order_by("-number")
            .values("number")[:1]
        )
        return self.filter(
            Q(live_for__isnull=False)
            | Q(
                decision__in=[Revision.Decision.PENDING, Revision.Decision.APPROVED],
                published_at__isnull=True,
                number=models.Subquery(latest),
            )
        )


class ImmutableRevisionError(Exception):
    """Raised when code tries to change what a reviewer signed."""


class Revision(models.Model):
    """A frozen snapshot of an article, the unit a reviewer approves.

    The content fields never change after creation; only the decision and
    publication fields are written later, once each.
    """

    class Decision(models.TextChoices):
        PENDING = "pending", "Pending review"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        SUPERSEDED = "superseded", "Superseded by a later revision"

    # Fields written after creation; everything else is frozen.
    MUTABLE_FIELDS = frozenset(
        {
            "reviewer",
            "decision",
            "decided_by",
            "decided_at",
            "comment",
            "attestation",
            "published_at",
            "published_by",
            "go_live_at",
        }
    )

    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    change_note = models.CharField(max_length=500, blank=True)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    body_markdown = models.TextField()
    body_html = models.TextField()
    references = models.JSONField(default=list)
    references_html = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)
    editors = models.JSONField(
        default=list,
        help_text=(
            "User ids who may not review this revision: the submitter, everyone "
            "who edited the working copy for it, and its credited authors."
        ),
    )
    byline = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "The authors as credited when the revision was frozen (id, name, "
            "credentials, slug): the public byline, which later edits cannot change."
        ),
    )
    credited = models.ManyToManyField(
        "Author",
        blank=True,
        related_name="credited_revisions",
        help_text=(
            "The author profiles in the byline, frozen with it: author pages list "
            "the articles whose live revision credits them."
        ),
    )

    reviewer = models.ForeignKey(
        MedicalReviewer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_revisions",
    )
    decision = models.CharField(
        max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        MedicalReviewer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_revisions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)
    attestation = models.JSONField(default=dict, blank=True)
    integrity = models.JSONField(default=dict, blank=True)
    go_live_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="unique_revision_number"
            )
        ]
        indexes = [models.Index(fields=["decision", "created_at"])]

    def __str__(self):
        return f"{self.title} (revision {self.number})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or not set(update_fields) <= self.MUTABLE_FIELDS:
                raise ImmutableRevisionError(
                    "A revision's content is frozen; save it with update_fields "
                    "limited to its decision and publication fields."
                )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRevisionError("Revisions are never deleted.")

    def compute_hash(self):
        """Return the content hash of this revision's frozen fields."""
        return content_hash(
            title=self.title,
            summary=self.summary,
            body=self.body_markdown,
            references=self.references,
            body_html=self.body_html,
            references_html=self.references_html,
        )

    @property
    def hash_matches(self):
        return self.compute_hash() == self.content_hash


class ReviewEvent(models.Model):
    """One line of the append-only audit log of the review workflow."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for review"
        SUPERSEDED = "superseded", "Superseded"
        ASSIGNED = "assigned", "Reviewer assigned"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"
        REREVIEW_REQUESTED = "rereview_requested", "Sent back for re-review"
        OVERRIDE = "override", "Override"

    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="events"
    )
    revision = models.ForeignKey(
        Revision, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        when = f"{self.created_at:%Y-%m-%d %H:%M}"
        return f"{self.get_action_display()} by {self.actor} at {when}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRevisionError("Review events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRevisionError("Review events are never deleted.")


class ReviewQueueItem(Revision):
    """A pending revision seen from its assigned reviewer's queue (admin only)."""

    class Meta:
        proxy = True
        verbose_name = "revision awaiting my review"
        verbose_name_plural = "My review queue"


class RevisionFingerprint(models.Model):
    """One fingerprint (a hashed five-word shingle) of a submitted revision's text.

    The originality check looks up a draft's shingle hashes here to find the
    other articles it may overlap (articles/integrity/originality.py). Rows are
    derived data, kept for current texts only (``Revision.objects.current()``):
    written when a revision is submitted, deleted when it stops being current
    (articles/integrity/index.py).
    """

    revision = models.ForeignKey(
        Revision, on_delete=models.CASCADE, related_name="fingerprints"
    )
    # Denormalised from the revision so a draft's own article is excluded
    # without a join.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    fingerprint = models.BigIntegerField()

    class Meta:
        # Covers the whole lookup: hash, then the article to leave out, then the
        # revision to count. PostgreSQL answers from the index alone (index-only
        # scan) for pages VACUUM has marked all-visible; docs/integrity.md.
        indexes = [
            models.Index(
                fields=["fingerprint", "article", "revision"],
                name="articles_fingerprint_lookup",
            )
        ]

    def __str__(self):
        return f"{self.fingerprint} (revision {self.revision_id})"


class PublicPagesGeneration(models.Model):
    """The generation of the public page cache, when no shared cache holds it.

    One row (pk 1). Each app process reads it at most once a second, so a
    purge made by any process (a worker, cron) reaches all of them without a
    shared cache; articles/cache.py explains when it is used.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
