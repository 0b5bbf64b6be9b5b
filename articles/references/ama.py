"""AMA style for frozen references: the citation text and the links beside it."""

import html
from datetime import date
from urllib.parse import quote

from .identifiers import DOI_RE, PMCID_RE, PMID_RE


def _sentence(text):
    """Return TEXT ending with a full stop unless it already ends a sentence."""
    text = text.strip()
    if not text or text[-1] in ".?!":
        return text
    return text + "."


def ama_authors(authors, *, first_authors_only=False):
    """Return an AMA author list: up to six names, else the first three et al.

    FIRST_AUTHORS_ONLY says the list stops short of the full authorship (the
    reference's ``first_authors_only``): then it always ends "et al", after at
    most three names, so the page never prints a partial list as if complete.
    """
    names = [a.strip() for a in authors.split(",") if a.strip()]
    if len(names) > 6 or (first_authors_only and names):
        names = names[:3] + ["et al"]
    return ", ".join(names)


def _format_date(value):
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{value:%B} {value.day}, {value.year}"


def _journal(ref, e):
    parts = [e(_sentence(ref.get("title", "")))]
    container, year = ref.get("container", ""), ref.get("year")
    source = f"<i>{e(container)}</i>." if container else ""
    detail = str(year or "")
    if ref.get("volume") or ref.get("issue"):
        # AMA keeps the semicolon when there is no volume: "2013;(9):CD004366".
        detail += f";{ref.get('volume') or ''}"
    if ref.get("issue"):
        detail += f"({ref['issue']})"
    if ref.get("pages"):
        detail += f":{ref['pages']}"
    if detail:
        source += f" {e(detail)}."
    if source:
        parts.append(source.strip())
    if ref.get("doi"):
        parts.append(f"doi:{e(ref['doi'])}")
    else:
        parts.extend(_online(ref, e))  # AMA: without a DOI, the address
    return parts


def _online(ref, e):
    """Return the "Accessed" date and the address of a reference read online."""
    parts = []
    if ref.get("url") and ref.get("accessed_on"):
        parts.append(f"Accessed {e(_format_date(ref['accessed_on']))}.")
    if ref.get("url"):
        parts.append(e(ref["url"]))
    return parts


def _italic_title(title, e):
    """Return TITLE in italics with its full stop outside them, as AMA sets it."""
    title = title.strip()
    if title and title[-1] in ".?!":
        return f"<i>{e(title)}</i>"
    return f"<i>{e(title)}</i>." if title else ""


def _book(ref, e):
    parts = [_italic_title(ref.get("title", ""), e)]
    publisher = "; ".join(
        str(p) for p in (ref.get("container", ""), ref.get("year")) if p
    )
    if publisher:
        parts.append(e(_sentence(publisher)))
    if ref.get("doi"):
        parts.append(f"doi:{e(ref['doi'])}")
    return parts


def _web(ref, e):
    """A guideline or a web page: title, site, date, then when and where read.

    A guideline's container is its issuing body, which ``ama_citation`` prints
    as the author when no person is named; it is not repeated after the title.
    """
    parts = [e(_sentence(ref.get("title", "")))]
    container, year = ref.get("container", ""), ref.get("year")
    if container and (ref.get("kind") == "web" or ref.get("authors")):
        parts.append(e(_sentence(container)))  # AMA: a site or body is roman
    if year:
        parts.append(f"Published {e(str(year))}.")
    if ref.get("accessed_on"):
        parts.append(f"Accessed {e(_format_date(ref['accessed_on']))}.")
    if ref.get("url"):
        parts.append(e(ref["url"]))
    return parts


_KIND_PARTS = {"journal": _journal, "book": _book}


def ama_citation(ref):
    """Return the AMA-style citation for a frozen reference, as safe HTML."""
    e = html.escape
    parts = []
    kind = ref.get("kind", "journal")
    if ref.get("authors"):
        authors = ama_authors(
            ref["authors"], first_authors_only=ref.get("first_authors_only", False)
        )
        parts.append(e(_sentence(authors)))
    elif kind == "guideline" and ref.get("container"):
        parts.append(e(_sentence(ref["container"])))  # the issuing body
    parts.extend(_KIND_PARTS.get(kind, _web)(ref, e))
    return " ".join(parts)


def reference_links(ref):
    """Return (label, url) pairs for a reference's DOI, PubMed, PMC and web links."""
    links = []
    doi = (ref.get("doi") or "").strip()
    if DOI_RE.match(doi):
        links.append(("DOI", "https://doi.org/" + quote(doi, safe="/:;()._-")))
    pmid = str(ref.get("pmid") or "").strip()
    if PMID_RE.match(pmid):
        links.append(("PubMed", f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"))
    pmcid = (ref.get("pmcid") or "").strip().upper()
    if PMCID_RE.match(pmcid):
        links.append(("PMC", f"https://pmc.ncbi.nlm.nih.gov/articles/{pmcid}/"))
    url = (ref.get("url") or "").strip()
    if url.startswith(("https://", "http://")) and not links:
        links.append(("Source", url))
    return links
