"""Derived data: originality fingerprints and the page-cache generation."""

from django.db import models

from .article import Article
from .revision import Revision


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
    purge made by any process (a worker, the scheduler) reaches all of them without a
    shared cache; articles/cache.py explains when it is used.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
