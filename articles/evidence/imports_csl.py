"""Reading CSL-JSON (Zotero's and pandoc's, and DOI content negotiation's).

The standard library's json reads it; an item is an object with a ``type``
and a ``title``, and a file is a list of items or one item. Crossref's answers
use its own type names ("journal-article") where CSL has "article-journal",
so both are known.
"""

import json

from .imports_entries import Draft, Problem, is_et_al, pages_of, plain
from .records import Name, Record

# CSL types (and Crossref's names for them); any other is a web page.
KINDS = {
    "article-journal": "journal",
    "journal-article": "journal",
    "review": "journal",
    "book": "book",
    "chapter": "book",
    "monograph": "book",
    "edited-book": "book",
    "book-chapter": "book",
    "entry-encyclopedia": "book",
    "entry-dictionary": "book",
    "thesis": "book",
    "report": "guideline",
    "standard": "guideline",
    "legislation": "guideline",
}


def _name(author):
    if not isinstance(author, dict):
        return Name(literal=plain(author))
    if not author.get("family"):
        return Name(literal=plain(author.get("literal") or author.get("given")))
    particle = plain(author.get("non-dropping-particle"))
    return Name(
        family=" ".join(part for part in (particle, plain(author["family"])) if part),
        given=plain(author.get("given")),
        suffix=plain(author.get("suffix")),
    )


def _is_et_al(author):
    if isinstance(author, dict):
        author = author.get("literal") or author.get("family")
    return is_et_al(plain(author))


def _date(value):
    """Return the date parts of a CSL date, or its text ("raw", "literal")."""
    if not isinstance(value, dict):
        return plain(value)
    parts = (value.get("date-parts") or [[]])[0] or []
    if parts:
        return parts
    return plain(value.get("raw") or value.get("literal"))


def _year(value):
    found = _date(value)
    return found[0] if isinstance(found, list) else found


def _title(item):
    parts = (plain(item.get("title")), plain(item.get("subtitle")))
    return ": ".join(part for part in parts if part)


def _draft(item, number):
    kind = KINDS.get(plain(item.get("type")), "web")
    names = item.get("author") or []
    names = names if isinstance(names, list) else [names]
    people = [name for name in names if not _is_et_al(name)]
    record = Record(
        source="csl",
        kind=kind,
        title=_title(item),
        authors=[_name(name) for name in people],
        container_title=plain(item.get("container-title")),
        container_short=plain(
            item.get("container-title-short") or item.get("journalAbbreviation")
        ),
        publisher=plain(item.get("publisher")),
        volume=plain(item.get("volume")),
        issue=plain(item.get("issue")),
        pages=_pages(item.get("page")),
        doi=plain(item.get("DOI")),
        pmid=plain(item.get("PMID")),
        pmcid=plain(item.get("PMCID")),
        peer_reviewed=kind == "journal" and item.get("subtype") != "preprint",
    )
    return Draft(
        record=record,
        entry=number,
        # The print date first, as the registry look-ups take it: it goes
        # with the volume and issue.
        year=_year(item.get("published-print") or item.get("issued")),
        url=plain(item.get("URL")),
        accessed=_date(item.get("accessed")),
        lists_first_authors_only=len(people) < len(names),
    )


def _pages(value):
    """Return "1284" for "1284-1284", "635-641" for "635–641"."""
    pages = pages_of(value)
    first, _, last = pages.partition("-")
    return first if last == first else pages


def read_csl(text):
    """Return the Drafts and Problems of the CSL-JSON TEXT, in file order."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [
            Problem(
                f"It is not valid JSON: {error.msg.lower()} at column {error.colno}.",
                line=error.lineno,
            )
        ]
    items = data if isinstance(data, list) else [data]
    found = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict) and (item.get("type") or item.get("title")):
            found.append(_draft(item, number))
        else:
            found.append(
                Problem(
                    "It is not a CSL-JSON item (an object with a type and a title).",
                    entry=number,
                )
            )
    if not found:
        found.append(Problem("The list has no CSL-JSON item."))
    return found
