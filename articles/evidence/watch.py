"""What the registries say happened to a work after it was published.

Two ways in, both returning ``Notice`` values (no models here):

- ``updates_since(client, since, until)`` reads Crossref's list of editorial
  update notices indexed in a date range (``/works?filter=is-update:true,
  from-index-date:…,until-index-date:…``, paged with a cursor). Each notice
  names the work it updates (``update-to``): matching those against the cited
  identifiers is the caller's (articles/workflow/watch.py), done locally, so a
  daily run asks for the day's notices, not for every cited work.
- ``check_doi`` and ``check_pmid`` re-check one work in full: Crossref's
  ``updated-by`` of the work (Retraction Watch's entries carry ``source:
  retraction-watch``; publishers' their own), and PubMed's "Retracted
  Publication" type with its ``RetractionIn``, ``ExpressionOfConcernIn`` and
  ``ErratumIn`` links.

Crossref's update types map to four of ours; other types (a new version, an
addendum) are not findings.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from django.conf import settings

from articles.references.identifiers import DOI_RE

from .client import CROSSREF, PUBMED, load_json
from .errors import RegistryError

TYPES = {
    "retraction": "retraction",
    "partial_retraction": "retraction",
    "removal": "withdrawal",
    "withdrawal": "withdrawal",
    "expression_of_concern": "expression_of_concern",
    "correction": "correction",
    "erratum": "correction",
    "corrigendum": "correction",
}
PUBMED_LINKS = {
    "RetractionIn": "retraction",
    "ExpressionOfConcernIn": "expression_of_concern",
    "ErratumIn": "correction",
}
PAGE_ROWS = 1000
MAX_PAGES = 200  # 200,000 notices: far beyond a day's (or a month's) updates
_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class Notice:
    """A notice about the work KIND:VALUE (DOI lower-cased, or PMID)."""

    kind: str
    value: str
    type: str
    notice: str
    notice_date: date | None
    source: str


def _date(parts):
    try:
        year, *rest = (parts or {}).get("date-parts", [[None]])[0]
        return date(int(year), int((rest + [1])[0] or 1), int((rest + [1, 1])[1] or 1))
    except (TypeError, ValueError, IndexError):
        return None


def _source(update):
    origin = update.get("source") or "publisher"
    return f"Crossref ({origin})"


def _crossref_notice(target_doi, update, notice_doi):
    kind = TYPES.get(update.get("type", ""))
    if not kind or not DOI_RE.match(target_doi or ""):
        return None
    return Notice(
        kind="doi",
        value=target_doi.lower(),
        type=kind,
        notice=notice_doi or "",
        notice_date=_date(update.get("updated")),
        source=_source(update),
    )


def notices_of_work(work):
    """Return the Notices in a Crossref work's ``updated-by`` (it is updated)."""
    doi = work.get("DOI", "")
    found = []
    for update in work.get("updated-by") or []:
        if (update.get("DOI") or "").lower() == doi.lower():
            continue  # a work "updating" itself (a new version) is no finding
        notice = _crossref_notice(doi, update, update.get("DOI", ""))
        if notice:
            found.append(notice)
    return found


def notices_in_update(item):
    """Return the Notices an update notice carries in ``update-to`` (it updates)."""
    found = []
    for update in item.get("update-to") or []:
        notice = _crossref_notice(update.get("DOI", ""), update, item.get("DOI", ""))
        if notice and notice.value != (item.get("DOI") or "").lower():
            found.append(notice)
    return found


def _parse_work(body):
    data = load_json(body)
    if data.get("status") != "ok" or data.get("message-type") != "work":
        raise ValueError("not a work record")
    return data["message"]


def check_doi(client, doi):
    """Return the Notices Crossref lists about DOI (RegistryError on failure)."""
    work = client.get(
        CROSSREF,
        f"{settings.CROSSREF_API_URL.rstrip('/')}/works/{quote(doi, safe='/')}",
        {},
        parse=_parse_work,
        what="a work record",
        not_found=f"No work with DOI {doi} is registered at Crossref.",
    )
    return notices_of_work(work)


def _parse_list(body):
    data = load_json(body)
    if data.get("status") != "ok" or data.get("message-type") != "work-list":
        raise ValueError("not a list of works")
    return data["message"]


def updates_since(client, since, until):
    """Return the Notices of Crossref's update notices indexed SINCE to UNTIL."""
    found, cursor, seen = [], "*", set()
    url = f"{settings.CROSSREF_API_URL.rstrip('/')}/works"
    window = f"from-index-date:{since:%Y-%m-%d},until-index-date:{until:%Y-%m-%d}"
    for _ in range(MAX_PAGES):
        page = client.get(
            CROSSREF,
            url,
            {"filter": f"is-update:true,{window}", "rows": PAGE_ROWS, "cursor": cursor},
            parse=_parse_list,
            what="a list of works",
            not_found="Crossref has no list of updates for these dates.",
        )
        items = page.get("items") or []
        for item in items:
            found.extend(notices_in_update(item))
        cursor = page.get("next-cursor")
        if not items or not cursor or cursor in seen or len(items) < PAGE_ROWS:
            return found
        seen.add(cursor)
    raise RegistryError(
        f"Crossref's list of updates ran past {MAX_PAGES} pages; it was not read "
        "to the end.",
        reason="garbage",
    )


def _pubmed_root(body):
    root = ET.fromstring(body)
    if root.tag == "PubmedArticleSet":
        root = root.find("PubmedArticle")
    if root is None:
        return None
    if root.tag != "PubmedArticle":
        raise ValueError(f"root element {root.tag}, not a PubMed article")
    return root


def _pubmed_notices(article, pmid):
    citation = article.find("MedlineCitation")
    if citation is None:
        raise ValueError("a PubMed article without its citation")
    found = []
    for link in citation.findall("CommentsCorrectionsList/CommentsCorrections"):
        kind = PUBMED_LINKS.get(link.get("RefType"))
        if not kind:
            continue
        source_text = (link.findtext("RefSource") or "").strip()
        year = _YEAR_RE.search(source_text)
        notice_pmid = (link.findtext("PMID") or "").strip()
        found.append(
            Notice(
                kind="pmid",
                value=pmid,
                type=kind,
                notice=notice_pmid or source_text,
                notice_date=date(int(year.group()), 1, 1) if year else None,
                source="PubMed",
            )
        )
    types = {
        (t.text or "").strip().lower()
        for t in citation.findall("Article/PublicationTypeList/PublicationType")
    }
    if "retracted publication" in types and not any(
        n.type == "retraction" for n in found
    ):
        found.append(Notice("pmid", pmid, "retraction", "", None, "PubMed"))
    return found


def check_pmid(client, pmid):
    """Return the Notices PubMed lists about PMID (RegistryError on failure)."""
    return client.get(
        PUBMED,
        f"{settings.NCBI_EUTILS_URL.rstrip('/')}/efetch.fcgi",
        {"db": "pubmed", "id": pmid, "retmode": "xml"},
        parse=lambda body: _notices_or_missing(body, pmid),
        what="a PubMed record",
        not_found=f"No PubMed record has PMID {pmid}.",
    )


def _notices_or_missing(body, pmid):
    article = _pubmed_root(body)
    return None if article is None else _pubmed_notices(article, pmid)
