"""Originality: how much of a draft's text also appears in other articles.

The text is normalised (lower case, no punctuation or citation markers, no
stop-words, light stemming) and cut into shingles of five consecutive words,
each hashed to a signed 64-bit integer. Small rewording (a changed article, a
plural, a swapped word) breaks only the few shingles that contain it.

Every article's current texts (its live revision, and its latest revision
while that waits for review or publication) store a sample of their shingle
hashes, chosen by winnowing, in ``RevisionFingerprint`` (articles/integrity/
index.py). Winnowing keeps the smallest hash of every window of ``WINDOW``
consecutive shingles, so any run of ``SHINGLE + WINDOW - 1`` shared words
leaves at least one shared fingerprint: the index holds about 40% of the
shingles (2 / (WINDOW + 1)), yet no copied sentence of that length can hide
from it.

A check looks up all of the draft's shingle hashes in that index. Hashes held
by very many texts are house wording and are set aside. The rest say which
articles share text with the draft; the ``COMPARED`` articles sharing most are
compared exactly, shingle by shingle, and every other matching article still
counts through the shared fingerprints themselves, so the share covers all of
them.

Quoted text immediately followed by a citation ("..." [@key]) is a cited
quotation, not copying: it is left out on both sides.
"""

import bisect
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from .text import CITATION, plain_text

SHINGLE = 5
WINDOW = 4
BATCH = 500  # hashes per IN query; below every database's parameter limit
CANDIDATES = 12  # revisions compared exactly: those sharing the most hashes
CONTEXT = 60  # characters shown either side of an overlapping passage
GAP = 2  # up to this many changed words between two matches make one passage

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be
    because been before being below between both but by can could did do does
    doing down during each either even ever every few for from further had has
    have having he her here hers herself him himself his how however i if in
    into is it its itself just may me might more most much must my myself no
    nor not now of off often on once only or other our ours ourselves out over
    own per same shall she should so some such than that the their theirs them
    themselves then there these they this those through thus to too under until
    up upon us very was we were what when where whether which while who whom
    whose why will with within without would yet you your yours yourself
    yourselves""".split()
)
_SUFFIXES = (
    "ational", "ization", "fulness", "iveness", "ations", "ingly", "ments",
    "ation", "ness", "ment", "ings", "edly", "ies", "ied", "ing", "ers", "est",
    "ly", "ed", "es", "er", "s",
)  # fmt: skip
_MARKER = re.compile(r"\s*\[@[^\]\n]*\]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# A quotation in straight or curly double quotes, then (after at most a
# punctuation mark) a citation: a quoted, cited source.
_CITED_QUOTE = re.compile(
    r"(?:“[^”]{1,3000}”|\"[^\"\n]{1,3000}\")\s*[,.;:]?\s*(?=\[@)", re.DOTALL
)


def stem(word):
    """Return WORD with one common English suffix removed (a light stemmer)."""
    if len(word) <= 4:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix in {"ies", "ied"}:
                return word[: -len(suffix)] + "y"
            word = word[: -len(suffix)]
            break
    # "cause", "causes", "caused" and "causing" all end as "caus".
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def shingle_hash(words):
    """Return the signed 64-bit hash of a sequence of normalised WORDS."""
    digest = hashlib.blake2b(" ".join(words).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@dataclass
class Document:
    """A text prepared for comparison."""

    text: str  # plain text with citation markers, offsets refer to it
    spans: list  # (start, end) in TEXT of each content word, in order
    shingles: list  # (hash, index of its first word in SPANS)
    quoted_words: int  # words left out because they are quoted and cited

    @cached_property
    def hashes(self):
        return {h for h, _ in self.shingles}


def _inside(offset, spans):
    """Return whether OFFSET falls in one of the sorted, disjoint SPANS."""
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def document(markdown):
    """Return the Document for an article body in MARKDOWN."""
    text = plain_text(markdown, keep_citations=True)
    excluded = [m.span() for m in _CITED_QUOTE.finditer(text)]
    citations = [m.span() for m in CITATION.finditer(text)]
    spans, words, runs, quoted = [], [], [], 0
    run = []
    for match in _WORD.finditer(text):
        start = match.start()
        if _inside(start, citations):
            continue  # a citation key is not part of the prose
        if _inside(start, excluded):
            quoted += 1
            if run:  # a shingle never spans a cited quotation
                runs.append(run)
                run = []
            continue
        word = match.group().lower().replace("’", "").replace("'", "")
        if word in STOP_WORDS:
            continue
        run.append(len(spans))
        spans.append(match.span())
        words.append(stem(word))
    if run:
        runs.append(run)
    shingles = []
    for run in runs:
        for i in range(len(run) - SHINGLE + 1):
            first = run[i]
            shingles.append((shingle_hash(words[first : first + SHINGLE]), first))
    return Document(text=text, spans=spans, shingles=shingles, quoted_words=quoted)


def winnow(shingles):
    """Return the fingerprints of SHINGLES: the minimum hash of every window."""
    hashes = [h for h, _ in shingles]
    if len(hashes) <= WINDOW:
        return {min(hashes)} if hashes else set()
    return {min(hashes[i : i + WINDOW]) for i in range(len(hashes) - WINDOW + 1)}


def fingerprints(markdown):
    """Return the set of fingerprint hashes stored for a revision's MARKDOWN."""
    return winnow(document(markdown).shingles)


def _candidate_counts(hashes, exclude_article_id):
    """Return {revision id: shared fingerprints} for the current text of others."""
    from django.db.models import Count, Q

    from ..models import Revision, RevisionFingerprint

    current = Q(revision__live_for__isnull=False) | Q(
        revision__decision__in=[Revision.Decision.PENDING, Revision.Decision.APPROVED],
        revision__published_at__isnull=True,
    )
    counts = Counter()
    ordered = sorted(hashes)
    for i in range(0, len(ordered), BATCH):
        rows = RevisionFingerprint.objects.filter(
            fingerprint__in=ordered[i : i + BATCH]
        )
        if exclude_article_id is not None:
            rows = rows.exclude(article_id=exclude_article_id)
        rows = (
            rows.filter(current)
            .values("revision_id")
            .annotate(shared=Count("pk"))
            .values_list("revision_id", "shared")
            .order_by()
        )
        counts.update(dict(rows))
    return counts


def _runs(positions, gap=GAP):
    """Return [first, last] word indexes of POSITIONS, joining gaps up to GAP."""
    runs = []
    for index in sorted(positions):
        if runs and index - runs[-1][1] <= gap + 1:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    return runs


def _passage(draft, first, last):
    start, end = draft.spans[first][0], draft.spans[last][1]
    before = draft.text[max(0, start - CONTEXT) : start]
    after = draft.text[end : end + CONTEXT]
    return {
        "before": ("…" if start > CONTEXT else "") + _clean(before).lstrip(),
        "text": _clean(draft.text[start:end]),
        "after": _clean(after).rstrip()
        + ("…" if end + CONTEXT < len(draft.text) else ""),
    }


def _clean(text):
    """Return TEXT without citation markers or the space before them."""
    return _MARKER.sub("", text)


def check(markdown, *, exclude_article_id=None):
    """Return the originality part of the integrity report for MARKDOWN.

    ``share`` is the fraction of the draft's words (stop-words and cited
    quotations aside) that also appear, as part of a shared shingle, in the live
    or pending text of another article; ``matches`` names each such article
    with its share and the overlapping passages, largest first.
    """
    from ..models import Revision

    draft = document(markdown)
    counts = _candidate_counts(draft.hashes, exclude_article_id)
    best = [pk for pk, _ in counts.most_common(CANDIDATES)]
    revisions = Revision.objects.filter(pk__in=best).select_related("article")
    revisions = revisions.only(
        "number", "body_markdown", "article__title", "article__slug"
    )
    covered, matches = set(), []
    for revision in revisions:
        shared = document(revision.body_markdown).hashes & draft.hashes
        positions = {
            first + offset
            for h, first in draft.shingles
            if h in shared
            for offset in range(SHINGLE)
        }
        if not positions:
            continue
        runs = _runs(positions)
        # A word swapped inside a copied passage is part of that passage.
        positions = {i for first, last in runs for i in range(first, last + 1)}
        covered |= positions
        matches.append(
            {
                "article_id": revision.article_id,
                "article_title": revision.article.title,
                "article_slug": revision.article.slug,
                "revision_id": revision.pk,
                "revision_number": revision.number,
                "share": round(len(positions) / len(draft.spans), 4),
                "words": len(positions),
                "passages": [_passage(draft, first, last) for first, last in runs],
            }
        )
    matches.sort(key=lambda m: (-m["share"], m["article_title"]))
    return {
        "words_checked": len(draft.spans),
        "words_quoted_and_cited": draft.quoted_words,
        "overlapping_words": len(covered),
        "share": round(len(covered) / len(draft.spans), 4) if draft.spans else 0.0,
        "matches": matches,
    }


def index_revision(revision):
    """Store REVISION's fingerprints so later drafts are compared with it."""
    from ..models import RevisionFingerprint

    RevisionFingerprint.objects.bulk_create(
        RevisionFingerprint(
            revision_id=revision.pk, article_id=revision.article_id, fingerprint=h
        )
        for h in sorted(fingerprints(revision.body_markdown))
    )
