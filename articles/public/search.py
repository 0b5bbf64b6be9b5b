"""Site search over live revisions: PostgreSQL full-text search, SQLite fallback.

On PostgreSQL every revision carries its weighted tsvector (title A, summary B,
body C) in a stored generated column, ``search_document``, with a GIN index
(migration 0009). Revisions never change, so the vector is computed once, when
the row is written; a query finds its matches in the index and ranks them with
``ts_rank`` on the stored vector, and only the rows on the page get a snippet
(``ts_headline``, the one part that must read the text). Computing the vector
per query instead cost seconds at 10,000 articles, most of it spent ranking.
The column is not a model field: Django never reads or writes it, and SQLite,
which has no full-text search here, keeps a plain ``icontains`` match for local
development.

Only live revisions are searched (``Article.objects.published()``): drafts,
pending and superseded revisions are never candidates.
"""

import html
import re
import unicodedata
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Case,
    Expression,
    F,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat, Replace
from django.utils.safestring import mark_safe

from articles.models import Revision

from .selectors import live_revision_ids, live_revisions

PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SNIPPET_CHARS = 240
SEARCH_CONFIG = "english"
DOCUMENT_COLUMN = "search_document"
INDEX_NAME = "revision_search_document_gin"

# Private-use characters as highlight markers: PostgreSQL (or the fallback)
# puts them around matches, the snippet is escaped, and only then do they
# become <mark> tags. Escaping never touches them, and clean_text removes any
# that the stored text itself might contain.
START_MARK = "\ue000"
STOP_MARK = "\ue001"

_CITATION = re.compile(r"\[@[^\]]*\]")
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_LINE_MARKUP = re.compile(r"^[ \t]{0,3}(?:#{1,6}|>|[-*+])[ \t]+", re.MULTILINE)
_TABLE_RULE = re.compile(r"^[ \t|:-]+$", re.MULTILINE)
_INLINE_MARKUP = re.compile(r"\*+|`+|~~|\||(?<!\w)_+|_+(?!\w)")
_SPACE = re.compile(r"\s+")
_MARKS = re.compile(f"({START_MARK}|{STOP_MARK})")


@dataclass
class SearchResult:
    slug: str
    title: str
    summary: str
    topic_name: str
    snippet: str  # safe HTML: escaped text with <mark> around matches


def clean_query(raw):
    """Return RAW as a search string that every database accepts.

    Null bytes, control and private-use characters and lone surrogates become
    spaces, runs of whitespace one space, and the result is cut to
    MAX_QUERY_LENGTH characters.
    """
    text = str(raw or "")[: MAX_QUERY_LENGTH * 4]
    text = "".join(
        " " if unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"} else ch
        for ch in text
    )
    return _SPACE.sub(" ", text).strip()[:MAX_QUERY_LENGTH].strip()


def search(raw_query, page_number=1):
    """Return (cleaned query, Page of SearchResult) for what a reader typed.

    An empty query gives an empty page. PAGE_NUMBER may be any string;
    Paginator.get_page falls back to the first or the last page.
    """
    query = clean_query(raw_query)
    if not query:
        return query, Paginator([], PAGE_SIZE).get_page(1)
    if connection.vendor == "postgresql":
        page = Paginator(_postgres_matches(query), PAGE_SIZE).get_page(page_number)
        ranked = list(page.object_list)
        revisions = _with_headlines(ranked, query)
        page.object_list = [
            _make_result(r, highlight(clean_text(r.headline)))
            for r in sorted(revisions, key=lambda r: ranked.index(r.pk))
        ]
    else:
        page = Paginator(_fallback_matches(query), PAGE_SIZE).get_page(page_number)
        page.object_list = [_fallback_result(r, query) for r in page.object_list]
    return query, page


class StoredDocument(Expression):
    """The revision's stored search vector: the search_document column.

    PostgreSQL only (migration 0009 adds the column and its GIN index).
    """

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(DOCUMENT_COLUMN)}", []


# websearch_to_tsquery nests one NOT per "-", also across the punctuation it
# skips ("- - -", "-(-(-("): some 32 in a row overflow its stack ("tsquery stack
# too small", a 500). A run of negations is read as one.
_NEGATIONS = re.compile(r'-(?:[^\w"-]*-)+')


def web_query(query):
    """Return QUERY as a SearchQuery in websearch syntax.

    websearch_to_tsquery accepts any text: quotes, "or", "-" and stray tsquery
    operators such as !&|():* never raise a syntax error.
    """
    from django.contrib.postgres.search import SearchQuery

    query = _NEGATIONS.sub("-", query)
    return SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")


def matching(revisions, tsquery):
    """Return REVISIONS filtered to those whose stored vector matches TSQUERY.

    The filter is "search_document @@ tsquery", the condition the GIN index
    answers.
    """
    return revisions.alias(document=StoredDocument()).filter(document=tsquery)


def _postgres_matches(query):
    """Return the ids of live revisions matching QUERY, best first.

    Only ids: ranking must look at every match, and joining each to its
    article and topic before the page is cut cost more than the ranking.
    """
    from django.contrib.postgres.search import SearchRank

    tsquery = web_query(query)
    return (
        matching(Revision.objects.filter(pk__in=live_revision_ids()), tsquery)
        .annotate(rank=SearchRank(StoredDocument(), tsquery))
        .order_by("-rank", "-published_at", "pk")
        .values_list("pk", flat=True)
    )


def _with_headlines(revision_ids, query):
    """Return the revisions REVISION_IDS (one page), each with its snippet.

    ts_headline reads the whole text, so it runs only for these rows, never
    for every match.
    """
    from django.contrib.postgres.search import SearchHeadline

    return (
        live_revisions()
        .filter(pk__in=revision_ids)
        .defer("body_markdown")
        .annotate(
            headline=SearchHeadline(
                _snippet_source(
                    Concat(
                        F("summary"),
                        Value("\n\n"),
                        F("body_markdown"),
                        output_field=TextField(),
                    )
                ),
                web_query(query),
                config=SEARCH_CONFIG,
                start_sel=START_MARK,
                stop_sel=STOP_MARK,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    )


def _snippet_source(expression):
    """Return EXPRESSION (Markdown) without citations, link targets or our markers.

    This happens in SQL, before ts_headline picks its fragments, because a
    fragment can end inside "[@key; @other]" and leave half a citation behind.
    """
    for pattern, replacement in (
        (r"\[@[^]]*\]", ""),
        (r"!?\[([^]]*)\]\([^)]*\)", r"\1"),
    ):
        expression = Func(
            expression,
            Value(pattern),
            Value(replacement),
            Value("g"),
            function="REGEXP_REPLACE",
            output_field=TextField(),
        )
    for marker in (START_MARK, STOP_MARK):
        expression = Replace(expression, Value(marker), Value(""))
    return expression


def query_terms(query):
    """Return up to MAX_TERMS distinct words of QUERY, operators stripped."""
    words = re.findall(r"\w[\w'’-]*", query)
    return list(dict.fromkeys(w.lower() for w in words))[:MAX_TERMS]


def _fallback_matches(query):
    """Return live revisions containing every term of QUERY, title matches first."""
    terms = query_terms(query)
    if not terms:
        return live_revisions().none()
    matches = Q()
    in_title = Q()
    for term in terms:
        matches &= (
            Q(title__icontains=term)
            | Q(summary__icontains=term)
            | Q(body_markdown__icontains=term)
        )
        in_title &= Q(title__icontains=term)
    return (
        live_revisions()
        .filter(matches)
        .annotate(
            title_match=Case(
                When(in_title, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-title_match", "-published_at", "pk")
    )


def _fallback_result(revision, query):
    text = f"{revision.summary}\n\n{revision.body_markdown}"
    text = clean_text(text.replace(START_MARK, "").replace(STOP_MARK, ""))
    return _make_result(revision, highlight(mark_terms(text, query_terms(query))))


def mark_terms(text, terms):
    """Return a window of TEXT around the first term, with terms between markers."""
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - SNIPPET_CHARS // 3) if first else 0
    window = text[start : start + SNIPPET_CHARS]
    if start > 0:
        window = "… " + window.split(" ", 1)[-1]
    if start + SNIPPET_CHARS < len(text):
        window = window.rsplit(" ", 1)[0] + " …"
    return pattern.sub(lambda m: f"{START_MARK}{m.group(0)}{STOP_MARK}", window)


def clean_text(text):
    """Return Markdown TEXT as plain words: no citations, link targets or markup.

    Highlight markers in TEXT survive; callers remove any that the stored
    text itself contained before the markers are placed.
    """
    text = _CITATION.sub("", text or "")
    text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _TABLE_RULE.sub(" ", text)
    text = _LINE_MARKUP.sub("", text)
    text = _INLINE_MARKUP.sub(" ", text)
    text = re.sub(r"\s+([.,;:!?)])", r"\1", text)  # where a citation stood
    return _SPACE.sub(" ", text).strip()


def highlight(marked):
    """Return MARKED (plain text with highlight markers) as safe HTML.

    The text is escaped piece by piece and only balanced markers become
    <mark> elements, so nothing in an article can inject markup.
    """
    out = []
    open_mark = False
    for piece in _MARKS.split(marked):
        if piece == START_MARK:
            if not open_mark:
                out.append("<mark>")
                open_mark = True
        elif piece == STOP_MARK:
            if open_mark:
                out.append("</mark>")
                open_mark = False
        else:
            out.append(html.escape(piece, quote=False))
    if open_mark:
        out.append("</mark>")
    return mark_safe("".join(out))  # every piece was escaped above


def _make_result(revision, snippet):
    return SearchResult(
        slug=revision.article.slug,
        title=revision.title,
        summary=revision.summary,
        topic_name=revision.article.topic.name,
        snippet=snippet,
    )
