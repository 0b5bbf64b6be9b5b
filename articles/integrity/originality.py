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

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from . import index
from .text import CITATION, plain_text

SHINGLE = 5
WINDOW = 4
# Articles compared exactly, those sharing the most fingerprints. Each costs
# one parse of its text (about 2 ms); the others count through their shared
# fingerprints alone, which can miss a few words at the ends of a passage.
COMPARED = 40
LISTED = 12  # matching articles listed with their passages in the report
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


@lru_cache(maxsize=100_000)
def _term(word):
    """Return the normalised form of a word as written, or None for a stop-word."""
    word = word.lower().replace("’", "").replace("'", "")
    return None if word in STOP_WORDS else stem(word)


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

    def words_of(self, hashes):
        """Return the indexes of the words inside shingles whose hash is in HASHES."""
        return {
            first + offset
            for h, first in self.shingles
            if h in hashes
            for offset in range(SHINGLE)
        }


def _blank(match):
    return " " * len(match.group())


def document(markdown):
    """Return the Document for an article body in MARKDOWN."""
    text = plain_text(markdown, keep_citations=True)
    # Citation keys are not prose: blank them out, keeping every offset.
    prose = CITATION.sub(_blank, text)
    spans, terms, runs, quoted = [], [], [], 0
    start = 0
    for quote in (*_CITED_QUOTE.finditer(text), None):
        end = quote.start() if quote else len(text)
        first = len(spans)
        for match in _WORD.finditer(prose, start, end):
            term = _term(match.group())
            if term is not None:
                spans.append(match.span())
                terms.append(term)
        runs.append((first, len(spans)))  # a shingle never spans a cited quotation
        if quote:
            quoted += sum(1 for _ in _WORD.finditer(prose, *quote.span()))
            start = quote.end()
    shingles = [
        (shingle_hash(terms[i : i + SHINGLE]), i)
        for first, last in runs
        for i in range(first, last - SHINGLE + 1)
    ]
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


def _runs(positions, gap=GAP):
    """Return [first, last] word indexes of POSITIONS, joining gaps up to GAP."""
    runs = []
    for word in sorted(positions):
        if runs and word - runs[-1][1] <= gap + 1:
            runs[-1][1] = word
        else:
            runs.append([word, word])
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


def _house_wording(draft, common):
    """Return the indexes of the draft words in phrases that COMMON hashes mark.

    The fingerprints of a phrase many texts share cover all of it but up to
    WINDOW - 1 words at each end (the shingles there are picked, if at all,
    by windows that reach into each text's own neighbouring words); those
    ends are added, so no part of the phrase counts or finds candidates.
    """
    words = draft.words_of(common)
    for word in list(words):
        words.update(range(max(0, word - WINDOW + 1), word + WINDOW))
    return {word for word in words if word < len(draft.spans)}


def _compare(draft, revision, usable, common_words):
    """Return the draft's words REVISION's text also has, passages joined up."""
    shared = document(revision.body_markdown).hashes & usable
    positions = draft.words_of(shared) - common_words
    runs = _runs(positions)
    # A word swapped inside a copied passage is part of that passage.
    return {i for first, last in runs for i in range(first, last + 1)}, runs


def _match(draft, revision, positions, runs):
    return {
        "article_id": revision.article_id,
        "article_title": revision.article.title,
        "article_slug": revision.article.slug,
        "revision_id": revision.pk,
        "revision_number": revision.number,
        "share": round(len(positions) / len(draft.spans), 4),
        "words": len(positions),
        "passages": [_passage(draft, first, last) for first, last in runs],
    }


def check(markdown, *, exclude_article_id=None):
    """Return the originality part of the integrity report for MARKDOWN.

    ``share`` is the fraction of the draft's words (stop-words and cited
    quotations aside) that also appear, as part of a shared shingle, in the
    current text of another article; words in house wording (phrases in more
    than ``index.common_limit()`` texts) never count. ``matches`` names up to
    ``LISTED`` such articles, one entry each (its revision that overlaps most),
    with its share and the overlapping passages, largest first;
    ``matched_articles`` says how many articles match in all.
    """
    from ..models import Revision

    draft = document(markdown)
    # hash -> how many current texts of other articles hold it
    held = index.frequencies(draft.hashes, exclude_article_id=exclude_article_id)
    limit = index.common_limit() if held else 0
    common_words = _house_wording(draft, {h for h, n in held.items() if n > limit})
    common = {
        h
        for h, first in draft.shingles
        if common_words.issuperset(range(first, first + SHINGLE))
    }
    rare = held.keys() - common
    usable = draft.hashes - common
    by_article = {}
    sharing = index.sharing(rare, exclude_article_id=exclude_article_id)
    for (article_id, revision_id), shared in sharing.items():
        by_article.setdefault(article_id, {})[revision_id] = shared
    ranked = sorted(by_article, key=lambda pk: (-max(by_article[pk].values()), pk))
    compared = [pk for article_id in ranked[:COMPARED] for pk in by_article[article_id]]
    revisions = Revision.objects.filter(pk__in=compared).select_related("article")
    revisions = revisions.only(
        "number", "body_markdown", "article__title", "article__slug"
    )
    # Every matching article counts through its shared fingerprints, those
    # beyond COMPARED through nothing else.
    covered = draft.words_of(rare) - common_words
    best = {}
    for revision in revisions:
        positions, runs = _compare(draft, revision, usable, common_words)
        if not positions:
            continue
        covered |= positions
        key = (len(positions), revision.number)
        if revision.article_id not in best or key > best[revision.article_id][0]:
            best[revision.article_id] = (key, revision, positions, runs)
    matches = [_match(draft, *entry[1:]) for entry in best.values()]
    matches.sort(key=lambda m: (-m["share"], m["article_title"]))
    return {
        "words_checked": len(draft.spans),
        "words_quoted_and_cited": draft.quoted_words,
        "words_common": len(common_words),
        "overlapping_words": len(covered),
        "share": round(len(covered) / len(draft.spans), 4) if draft.spans else 0.0,
        "matched_articles": len(matches) + max(0, len(ranked) - COMPARED),
        "matches": matches[:LISTED],
    }


# The index of current texts ---------------------------------------------------


def index_revision(revision):
    """Store REVISION's fingerprints so later drafts are compared with it."""
    from ..models import RevisionFingerprint

    RevisionFingerprint.objects.bulk_create(
        RevisionFingerprint(
            revision_id=revision.pk, article_id=revision.article_id, fingerprint=h
        )
        for h in sorted(fingerprints(revision.body_markdown))
    )


def rebuild():
    """Replace the whole index with the fingerprints of every current text."""
    from ..models import Revision, RevisionFingerprint

    RevisionFingerprint.objects.all().delete()
    for revision in (
        Revision.objects.current().only("pk", "article_id", "body_markdown").iterator()
    ):
        index_revision(revision)
