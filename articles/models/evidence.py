"""What the registries say about cited works after the text was reviewed.

``CitedSource`` is derived data: one row per identifier a revision cites,
written when the revision is created, so the daily check matches registry
updates against the cited works with one indexed query instead of reading
every revision's references. ``SourceNotice`` is a finding: a retraction,
withdrawal, expression of concern or correction of a cited work, stored with
its notice. ``SourceCheck`` remembers when each identifier was last checked in
full, and ``RegistryCursor`` how far the registries' update lists were read.
"""

from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from articles.references.identifiers import DOI_RE, PMID_RE, normalise_doi

from .revision import Revision


class IdentifierKind(models.TextChoices):
    DOI = "doi", "DOI"
    PMID = "pmid", "PMID"


def cited_identifiers(references, cited_keys=None):
    """Return [(kind, value, key)] of the identifiers the CITED_KEYS of frozen
    REFERENCES carry (all of them when CITED_KEYS is empty)."""
    cited = set(cited_keys or [])
    found = []
    for ref in references or []:
        if cited and ref.get("key") not in cited:
            continue
        doi = normalise_doi(ref.get("doi") or "").lower()
        if DOI_RE.match(doi):
            found.append((IdentifierKind.DOI, doi, ref["key"]))
        pmid = str(ref.get("pmid") or "").strip()
        if PMID_RE.match(pmid):
            found.append((IdentifierKind.PMID, pmid, ref["key"]))
    return found


class CitedSource(models.Model):
    """One identifier (DOI lower-cased, or PMID) cited by a revision."""

    revision = models.ForeignKey(
        Revision, on_delete=models.CASCADE, related_name="cited_sources"
    )
    kind = models.CharField(max_length=4, choices=IdentifierKind.choices)
    value = models.CharField(max_length=200)
    key = models.CharField(max_length=60)

    class Meta:
        indexes = [models.Index(fields=["kind", "value"], name="articles_cited_source")]

    def __str__(self):
        return f"{self.kind}:{self.value} in revision {self.revision_id}"

    @classmethod
    def rows_for(cls, revision):
        return [
            cls(revision=revision, kind=kind, value=value, key=key)
            for kind, value, key in cited_identifiers(
                revision.references, revision.cited_keys
            )
        ]


@receiver(post_save, sender=Revision, dispatch_uid="cited_sources")
def _record_cited_sources(sender, instance, created, raw=False, **kwargs):
    """Write a new revision's CitedSource rows (bulk-created revisions: rows_for)."""
    if created and not raw:
        CitedSource.objects.bulk_create(CitedSource.rows_for(instance))


class SourceNoticeQuerySet(models.QuerySet):
    def by_key(self, references, cited_keys=None):
        """Return {reference key: [notices]} for frozen REFERENCES (one query)."""
        found = cited_identifiers(references, cited_keys)
        pairs = {(kind, value) for kind, value, _ in found}
        query = models.Q()
        for kind, value in pairs:
            query |= models.Q(kind=kind, value=value)
        notices = {}
        for notice in self.filter(query) if pairs else ():
            notices.setdefault((notice.kind, notice.value), []).append(notice)
        by_key = {}
        for kind, value, key in found:
            by_key.setdefault(key, []).extend(notices.get((kind, value), []))
        return {key: items for key, items in by_key.items() if items}


class SourceNotice(models.Model):
    """A registry's notice about a cited work, found after (or at) submission."""

    class Type(models.TextChoices):
        RETRACTION = "retraction", "Retracted"
        WITHDRAWAL = "withdrawal", "Withdrawn"
        EXPRESSION_OF_CONCERN = "expression_of_concern", "Expression of concern"
        CORRECTION = "correction", "Corrected"

    # A retraction or withdrawal sends the articles citing the work back for
    # review and blocks new submissions citing it; the others are shown.
    SERIOUS = frozenset({Type.RETRACTION, Type.WITHDRAWAL})

    kind = models.CharField(max_length=4, choices=IdentifierKind.choices)
    value = models.CharField(max_length=200)
    type = models.CharField(max_length=30, choices=Type.choices)
    notice = models.CharField(
        max_length=500,
        help_text="The notice's DOI or address, as the registry gives it.",
    )
    notice_date = models.DateField(null=True, blank=True)
    source = models.CharField(
        max_length=100, help_text='Who says so, e.g. "Crossref (retraction-watch)".'
    )
    found_at = models.DateTimeField(default=timezone.now)

    objects = SourceNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-found_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "value", "type", "notice"], name="unique_source_notice"
            )
        ]
        indexes = [models.Index(fields=["kind", "value"], name="articles_notice_work")]

    def __str__(self):
        return f"{self.get_type_display()}: {self.kind}:{self.value} ({self.notice})"

    @property
    def serious(self):
        return self.type in self.SERIOUS

    @property
    def notice_url(self):
        if DOI_RE.match(self.notice):
            return f"https://doi.org/{self.notice}"
        if self.notice.startswith(("https://", "http://")):
            return self.notice
        if PMID_RE.match(self.notice):
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.notice}/"
        return ""

    @property
    def sentence(self):
        """Return what readers are told: "Retracted in 2024"."""
        label = self.get_type_display()
        if self.type == self.Type.EXPRESSION_OF_CONCERN:
            label = "Expression of concern"
        year = self.notice_date.year if self.notice_date else None
        return f"{label} in {year}" if year else label


class SourceCheck(models.Model):
    """When one cited identifier was last checked in full at its registries."""

    kind = models.CharField(max_length=4, choices=IdentifierKind.choices)
    value = models.CharField(max_length=200)
    checked_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "value"], name="unique_source_check"
            )
        ]

    def __str__(self):
        return f"{self.kind}:{self.value} checked {self.checked_at}"


class RegistryCursor(models.Model):
    """How far a registry's list of updates has been read (one row per list)."""

    name = models.CharField(max_length=60, unique=True)
    until = models.DateTimeField()

    def __str__(self):
        return f"{self.name} read until {self.until}"
