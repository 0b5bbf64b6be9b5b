"""Crossref's REST API: one work by its DOI (``GET /works/{doi}``)."""

from urllib.parse import quote

from django.conf import settings

from articles.references.identifiers import DOI_RE

from .client import CROSSREF, load_json
from .records import Name, Record, clean_text, page_range

# Crossref's work types: (Reference kind, CSL type). Anything else is "web".
KINDS = {
    "journal-article": ("journal", "article-journal"),
    "posted-content": ("journal", "article"),  # preprints, mostly
    "proceedings-article": ("journal", "paper-conference"),
    "book": ("book", "book"),
    "monograph": ("book", "book"),
    "edited-book": ("book", "book"),
    "reference-book": ("book", "book"),
    "book-chapter": ("book", "chapter"),
    "book-section": ("book", "chapter"),
    "book-part": ("book", "chapter"),
    "reference-entry": ("book", "entry"),
    "dissertation": ("book", "thesis"),
    "report": ("guideline", "report"),
    "standard": ("guideline", "standard"),
    "dataset": ("web", "dataset"),
}
CHAPTER_TYPES = {"book-chapter", "book-section", "book-part", "reference-entry"}
# Updates an editor should know of before citing; "new_version" and the like
# are not news.
NOTABLE_UPDATES = {
    "retraction",
    "partial_retraction",
    "withdrawal",
    "removal",
    "expression_of_concern",
    "correction",
    "corrigendum",
    "erratum",
}


def is_peer_reviewed(work):
    """Return whether Crossref's WORK is a peer-reviewed journal article.

    True only for type "journal-article" that is not a preprint (subtype
    "preprint"); False for posted content (preprints), books, chapters,
    proceedings, reports, datasets and everything else, whose review Crossref
    does not tell.
    """
    return work.get("type") == "journal-article" and work.get("subtype") != "preprint"


def _text(value):
    """Return the first entry of a Crossref list field (or the string), cleaned."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return clean_text(value)


def _name(author):
    if author.get("family"):
        return Name(
            family=clean_text(author["family"]),
            given=clean_text(author.get("given", "")),
            suffix=clean_text(author.get("suffix", "")),
        )
    return Name(literal=clean_text(author.get("name") or author.get("given", "")))


def _date_parts(work):
    # The print date first: it is the one that goes with the volume and issue
    # (J Clin Pathol 2021;74(5), published online in 2020).
    for key in ("published-print", "issued", "published-online", "published"):
        parts = (work.get(key) or {}).get("date-parts") or [[]]
        parts = [int(part) for part in parts[0] if part is not None]
        if parts:
            return parts
    return []


def _container(work):
    if work.get("type") == "posted-content":
        institution = work.get("institution") or [{}]
        return clean_text(institution[0].get("name", "")) or _text(
            work.get("group-title")
        )
    return _text(work.get("container-title"))


def _notices(work, doi):
    notices = []
    for update in work.get("updated-by") or []:
        if (
            update.get("type") in NOTABLE_UPDATES
            and update.get("DOI", "").lower() != doi.lower()
        ):
            label = update.get("label") or update["type"].replace("_", " ")
            notices.append(
                f"Crossref lists an update to this work: {label} "
                f"(doi:{update.get('DOI', '')}); read it before citing."
            )
    return notices


def parse_work(body):
    """Return Crossref's answer BODY as a Record; ValueError if it is not a work."""
    data = load_json(body)
    if data.get("status") != "ok" or data.get("message-type") != "work":
        raise ValueError("not a work record")
    work = data["message"]
    doi = work.get("DOI", "")
    if not DOI_RE.match(doi):
        raise ValueError("a work without a DOI")
    kind, csl_type = KINDS.get(work.get("type"), ("web", "document"))
    record = Record(
        source="crossref",
        kind=kind,
        csl_type=csl_type,
        title=": ".join(
            part
            for part in (_text(work.get("title")), _text(work.get("subtitle")))
            if part
        ),
        authors=[_name(author) for author in work.get("author") or []],
        container_title=_container(work),
        container_short=_text(work.get("short-container-title"))
        if kind == "journal"
        else "",
        publisher=clean_text(work.get("publisher", "")),
        issued=_date_parts(work),
        volume=clean_text(work.get("volume", "")),
        issue=clean_text(work.get("issue", "")),
        pages=page_range(medline=clean_text(work.get("page", ""))),
        doi=doi,
        peer_reviewed=is_peer_reviewed(work),
        notices=_notices(work, doi),
    )
    if work.get("type") in CHAPTER_TYPES and record.container_title:
        record.notices.append(
            f"This is a chapter of the book “{record.container_title}”; the "
            "reference has no field for the book's title, so the title holds the "
            "chapter's."
        )
    return record


def fetch_work(client, doi):
    """Return Crossref's Record of DOI; RegistryError if Crossref cannot give it."""
    return client.get(
        CROSSREF,
        f"{settings.CROSSREF_API_URL.rstrip('/')}/works/{quote(doi, safe='/')}",
        {},
        parse=parse_work,
        what="a work record",
        not_found=f"No work with DOI {doi} is registered at Crossref.",
    )
