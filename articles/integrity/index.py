"""The fingerprint index: which other articles' current texts share a draft's shingles.

``RevisionFingerprint`` holds the winnowed fingerprints of every article's
current texts and of nothing else: its live revision, and its latest revision
while that waits for review or publication (``Revision.objects.current()``).
The workflow keeps it so: ``originality.index_revision`` when a revision is submitted,
``forget_stale`` after each transition that ends a text's turn (superseded,
sent back, replaced by a newer publication). A lookup therefore reads the
index alone, with no join to the revisions table, and superseded history
never slows it down.
"""

from collections import Counter

from django.db.models import Count

BATCH = 500  # hashes per IN query; below every database's parameter limit
# A fingerprint held by more current texts than this is house wording (a
# disclaimer, "see your GP if..."), not anybody's prose: it neither finds
# candidates nor counts as overlap. The floor keeps a small site's own phrases
# checkable; 2% of a 50,000-article site is 1,000 texts.
COMMON_MIN_TEXTS = 50
COMMON_SHARE = 0.02


def common_limit():
    """Return the number of texts above which a fingerprint is house wording."""
    from ..models import Article

    return max(COMMON_MIN_TEXTS, int(COMMON_SHARE * Article.objects.count()))


def _others(rows, exclude_article_id):
    return (
        rows
        if exclude_article_id is None
        else rows.exclude(article_id=exclude_article_id)
    )


def _batches(hashes):
    ordered = sorted(hashes)
    for i in range(0, len(ordered), BATCH):
        yield ordered[i : i + BATCH]


def frequencies(hashes, *, exclude_article_id=None):
    """Return {hash: texts holding it} for those of HASHES in other articles' texts."""
    from ..models import RevisionFingerprint

    found = {}
    for batch in _batches(hashes):
        rows = _others(
            RevisionFingerprint.objects.filter(fingerprint__in=batch),
            exclude_article_id,
        )
        found.update(
            rows.values("fingerprint")
            .annotate(texts=Count("*"))
            .values_list("fingerprint", "texts")
            .order_by()
        )
    return found


def sharing(hashes, *, exclude_article_id=None):
    """Return {(article id, revision id): how many of HASHES its text holds}."""
    from ..models import RevisionFingerprint

    counts = Counter()
    for batch in _batches(hashes):
        rows = _others(
            RevisionFingerprint.objects.filter(fingerprint__in=batch),
            exclude_article_id,
        )
        for article_id, revision_id, shared in (
            rows.values("article_id", "revision_id")
            .annotate(shared=Count("*"))
            .values_list("article_id", "revision_id", "shared")
            .order_by()
        ):
            counts[article_id, revision_id] += shared
    return counts


def forget_stale(article):
    """Delete the fingerprints of ARTICLE's revisions that are no longer current."""
    from ..models import Revision, RevisionFingerprint

    current = Revision.objects.filter(article_id=article.pk).current()
    stale = Revision.objects.filter(article_id=article.pk).exclude(pk__in=current)
    RevisionFingerprint.objects.filter(revision__in=stale.values("pk")).delete()
