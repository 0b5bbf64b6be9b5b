"""PubMed through NCBI E-utilities: efetch (XML), and esummary (JSON) as a fallback.

PubMed gives what Crossref does not: the NLM journal abbreviation
(``ISOAbbreviation``, else ``MedlineTA``; ``source`` in esummary), a complete
author list (``AuthorList CompleteYN``), the publication types, and the links
between PMID, DOI and PMCID (``ArticleIdList``, ``ELocationID``).

The XML comes from NCBI and is parsed with the standard library: its expat
(2.4.1 and later; Python 3.11 ships 2.5) refuses the entity-expansion attacks,
and ElementTree never fetches external entities or the DTD.
"""

import re
import xml.etree.ElementTree as ET

from django.conf import settings

from articles.references.identifiers import DOI_RE, PMCID_RE

from .client import PUBMED, load_json
from .errors import RegistryError
from .records import Name, Record, clean_text, initials_of, page_range

MONTHS = {
    name: number
    for number, name in enumerate(
        "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1
    )
}
# PubMed publication types of journal items that are not peer-reviewed
# research: opinion, correspondence, news and notices. Matched without case
# ("RETRACTION OF PUBLICATION" appears in older records).
NOT_PEER_REVIEWED = {
    "address",
    "autobiography",
    "biography",
    "comment",
    "congress",
    "editorial",
    "expression of concern",
    "interview",
    "lecture",
    "letter",
    "news",
    "newspaper article",
    "patient education handout",
    "personal narrative",
    "portrait",
    "preprint",
    "published erratum",
    "retraction of publication",
}
NOTICES = {
    "RetractionIn": (
        "PubMed lists a retraction of this article ({}); read it before citing."
    ),
    "ExpressionOfConcernIn": (
        "PubMed lists an expression of concern about this article ({}); read it "
        "before citing."
    ),
    "ErratumIn": "PubMed lists an erratum for this article ({}).",
    "RetractionOf": (
        "This record is a retraction notice ({} is what it retracts); it is not "
        "evidence in itself."
    ),
}


def is_peer_reviewed(publication_types):
    """Return whether a PubMed journal item of these PUBLICATION_TYPES is peer
    reviewed: True unless one of them is opinion, correspondence, news or a
    notice (``NOT_PEER_REVIEWED``: Editorial, Comment, Letter, News, Published
    Erratum, Retraction of Publication, Preprint...)."""
    return not any(kind.lower() in NOT_PEER_REVIEWED for kind in publication_types)


def _text(element, path):
    found = element.find(path) if element is not None else None
    return clean_text("".join(found.itertext())) if found is not None else ""


def _title(text):
    # PubMed ends every title with a full stop; the citation adds its own.
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def _name(author):
    if author.find("CollectiveName") is not None:
        return Name(literal=_text(author, "CollectiveName"))
    given = _text(author, "ForeName")
    return Name(
        family=_text(author, "LastName"),
        given=given,
        initials=_text(author, "Initials") or initials_of(given),
        suffix=_text(author, "Suffix"),
    )


def _date_parts(journal_issue):
    pub_date = journal_issue.find("PubDate") if journal_issue is not None else None
    year = _text(pub_date, "Year")
    if not year:  # <MedlineDate>2012 Nov-Dec</MedlineDate>
        match = re.match(r"\d{4}", _text(pub_date, "MedlineDate"))
        return [int(match.group())] if match else []
    parts = [int(year)]
    month = MONTHS.get(_text(pub_date, "Month")[:3].lower()) or (
        int(_text(pub_date, "Month")) if _text(pub_date, "Month").isdigit() else None
    )
    if month:
        parts.append(month)
        day = _text(pub_date, "Day")
        if day.isdigit():
            parts.append(int(day))
    return parts


def _identifiers(article, citation):
    """Return (doi, pmcid) of the article itself (not of its reference list)."""
    ids = {
        item.get("IdType"): clean_text(item.text)
        for item in article.findall("PubmedData/ArticleIdList/ArticleId")
    }
    doi = ids.get("doi", "")
    for location in citation.findall("Article/ELocationID"):
        if not doi and location.get("EIdType") == "doi":
            doi = clean_text(location.text)
    pmcid = ids.get("pmc", "").upper()
    return (doi if DOI_RE.match(doi) else ""), (pmcid if PMCID_RE.match(pmcid) else "")


def _notices(citation, publication_types):
    notices = []
    for link in citation.findall("CommentsCorrectionsList/CommentsCorrections"):
        template = NOTICES.get(link.get("RefType"))
        if template:
            source = _text(link, "RefSource").rstrip(".") or "see PubMed"
            notices.append(template.format(source))
    if "retracted publication" in {
        kind.lower() for kind in publication_types
    } and not any("retraction" in notice for notice in notices):
        notices.append(
            "PubMed marks this article as retracted; do not cite it as evidence."
        )
    return notices


def _article_record(article):
    citation = article.find("MedlineCitation")
    item = citation.find("Article")
    journal = item.find("Journal")
    journal_issue = journal.find("JournalIssue")
    author_list = item.find("AuthorList")
    authors = [
        _name(author)
        for author in (author_list if author_list is not None else [])
        if author.tag == "Author" and author.get("ValidYN", "Y") == "Y"
    ]
    types = [_text(t, ".") for t in item.findall("PublicationTypeList/PublicationType")]
    doi, pmcid = _identifiers(article, citation)
    medline_ta = _text(citation, "MedlineJournalInfo/MedlineTA")
    pagination = item.find("Pagination")
    return Record(
        source="pubmed",
        title=_title(_text(item, "ArticleTitle") or _text(item, "VernacularTitle")),
        authors=authors,
        authors_complete=author_list is None
        or author_list.get("CompleteYN", "Y") == "Y",
        container_title=_text(journal, "Title"),
        container_short=_text(journal, "ISOAbbreviation") or medline_ta,
        issued=_date_parts(journal_issue),
        volume=_text(journal_issue, "Volume"),
        issue=_text(journal_issue, "Issue"),
        pages=page_range(
            _text(pagination, "StartPage"),
            _text(pagination, "EndPage"),
            _text(pagination, "MedlinePgn"),
        ),
        doi=doi,
        pmid=_text(citation, "PMID"),
        pmcid=pmcid,
        peer_reviewed=is_peer_reviewed(types),
        notices=_notices(citation, types),
    )


def parse_efetch(body, pmid):
    """Return efetch's PubmedArticleSet BODY as a Record, or None if it is empty."""
    root = ET.fromstring(body)
    if root.tag != "PubmedArticleSet":
        raise ValueError(f"root element {root.tag}, not PubmedArticleSet")
    if root.find("PubmedBookArticle") is not None:
        raise RegistryError(
            f"PubMed's record {pmid} is a book in the NCBI Bookshelf, which this "
            "look-up does not read yet; type the reference by hand.",
            reason="unsupported",
        )
    article = root.find("PubmedArticle")
    return _article_record(article) if article is not None else None


def _summary_name(author):
    name = clean_text(author.get("name", ""))
    if author.get("authtype") == "CollectiveName":
        return Name(literal=name)
    family, _, initials = name.rpartition(" ")
    if family and initials.isupper():  # "Nicholas SE"
        return Name(family=family, initials=initials)
    return Name(family=name)


def _summary_date(pubdate):
    match = re.match(r"(\d{4})(?: (\w{3}))?(?: (\d{1,2}))?", pubdate or "")
    if not match:
        return []
    parts = [int(match.group(1))]
    if match.group(2) and match.group(2).lower() in MONTHS:
        parts.append(MONTHS[match.group(2).lower()])
        if match.group(3):
            parts.append(int(match.group(3)))
    return parts


def parse_esummary(body, pmid):
    """Return esummary's JSON BODY for PMID as a Record, or None if it has none."""
    result = load_json(body)["result"]
    summary = result.get(pmid)
    if summary is None or "error" in summary:
        return None
    ids = {
        item["idtype"]: clean_text(item["value"])
        for item in summary.get("articleids", [])
    }
    doi, pmcid = ids.get("doi", ""), ids.get("pmc", "").upper()
    return Record(
        source="pubmed",
        title=_title(clean_text(summary.get("title", ""))),
        authors=[_summary_name(author) for author in summary.get("authors", [])],
        container_title=clean_text(summary.get("fulljournalname", "")),
        container_short=clean_text(summary.get("source", "")),
        issued=_summary_date(summary.get("pubdate")),
        volume=clean_text(summary.get("volume", "")),
        issue=clean_text(summary.get("issue", "")),
        pages=page_range(medline=clean_text(summary.get("pages", ""))),
        doi=doi if DOI_RE.match(doi) else "",
        pmid=clean_text(summary.get("uid", pmid)),
        pmcid=pmcid if PMCID_RE.match(pmcid) else "",
        peer_reviewed=is_peer_reviewed(summary.get("pubtype", [])),
    )


def _eutils(client, name, params, parse, pmid):
    return client.get(
        PUBMED,
        f"{settings.NCBI_EUTILS_URL.rstrip('/')}/{name}",
        {"db": "pubmed", "id": pmid, **params},
        parse=lambda body: parse(body, pmid),
        what="a PubMed record",
        not_found=f"No PubMed record has PMID {pmid}.",
    )


def fetch_article(client, pmid):
    """Return PubMed's Record of PMID, from efetch, else from esummary.

    esummary is asked only when efetch answered badly (an HTTP 5xx or an
    unreadable answer): after a timeout or a refused connection NCBI is not
    answering, and after "no such record" esummary would say the same.
    """
    try:
        return _eutils(client, "efetch.fcgi", {"retmode": "xml"}, parse_efetch, pmid)
    except RegistryError as error:
        if error.reason not in {"server", "garbage"}:
            raise
        try:
            return _eutils(
                client, "esummary.fcgi", {"retmode": "json"}, parse_esummary, pmid
            )
        except RegistryError:
            raise error from None
