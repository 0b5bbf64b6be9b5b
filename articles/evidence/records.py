"""A work as the registries describe it, and the two shapes we hand on.

Each registry's answer becomes a ``Record``; ``merge`` combines Crossref's and
PubMed's; ``reference_fields`` gives the Reference model's fields and
``csl_item`` the same as a CSL-JSON item.
"""

import html
import re
from dataclasses import dataclass, field
from urllib.parse import quote

# Reference.authors' max_length: a longer list is cut at a name and flagged
# "first authors only", so the reference ends with "et al" (this package may
# not import the models, so the number is repeated here).
AUTHORS_MAX_LENGTH = 500

_BREAK_RE = re.compile(r"<(br|break)\b[^>]*>", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]*>")
_LAYOUT_RE = re.compile(r"\s*\n\s*")
# Where a record's own line break stands beside these, the printed title has no
# space: "KRAS</i>\n/\n<i>NRAS" is "KRAS/NRAS".
_TIGHT_BEFORE = set("/-–‐([{")
_TIGHT_AFTER = set("/-–‐)]},.;:")
_INITIALS_SPLIT_RE = re.compile(r"[\s.\-‐‑]+")


def _layout_space(match):
    text = match.string
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    return "" if before in _TIGHT_BEFORE or after in _TIGHT_AFTER else " "


def clean_text(value):
    """Return VALUE as plain text: inline markup (JATS, HTML) and entities
    removed, the record's line breaks and runs of spaces made single spaces."""
    text = _BREAK_RE.sub(" ", str(value or ""))
    text = _TAG_RE.sub("", text)
    text = _LAYOUT_RE.sub(_layout_space, text)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def initials_of(given):
    """Return NLM initials of GIVEN names: "Hyun Ju" -> "HJ", "Jae-sung" -> "JS"."""
    parts = [part for part in _INITIALS_SPLIT_RE.split(given or "") if part]
    already_initials = not any(char.islower() for char in given or "")
    initials = ""
    for part in parts:
        letters = [char for char in part if char.isalpha()]
        if not letters:
            continue
        if already_initials and len(letters) <= 3:
            initials += "".join(letters).upper()  # "JK", as some records give them
        else:
            initials += letters[0].upper()
    return initials


def page_range(start="", end="", medline=""):
    """Return pages as "1979-1987": from START and END, or MEDLINE's "1979-87"."""
    start, end = (start or "").strip(), (end or "").strip()
    if start:
        return f"{start}-{end}" if end and end != start else start
    medline = (medline or "").strip()
    match = re.fullmatch(r"(\d+)-(\d+)", medline)
    if match and len(match.group(2)) < len(match.group(1)):
        first, last = match.groups()
        return f"{first}-{first[: len(first) - len(last)]}{last}"
    return medline


@dataclass
class Name:
    """One author: a person (family, given, initials) or an organisation (literal)."""

    family: str = ""
    given: str = ""
    initials: str = ""
    suffix: str = ""
    literal: str = ""

    def ama(self):
        """Return the name as AMA lists it: "Surname AB", or the organisation."""
        if not self.family:
            # A comma would split one organisation into two authors.
            return re.sub(r"\s+", " ", self.literal.replace(",", " ")).strip()
        initials = self.initials or initials_of(self.given)
        return " ".join(part for part in (self.family, initials, self.suffix) if part)

    def csl(self):
        if not self.family:
            return {"literal": self.literal}
        name = {"family": self.family, "given": self.given or self.initials}
        if self.suffix:
            name["suffix"] = self.suffix
        return {key: value for key, value in name.items() if value}


@dataclass
class Record:
    """What one registry (or the merge of two) says about a work."""

    source: str
    kind: str = "journal"
    csl_type: str = "article-journal"
    title: str = ""
    authors: list = field(default_factory=list)
    authors_complete: bool = True
    container_title: str = ""
    container_short: str = ""
    publisher: str = ""
    issued: list = field(default_factory=list)  # date parts: [year, month, day]
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    peer_reviewed: bool = False
    notices: list = field(default_factory=list)

    @property
    def year(self):
        return self.issued[0] if self.issued else None


# Crossref's answer comes first for these, PubMed's when Crossref has none.
_FIRST_OF = (
    "kind",
    "csl_type",
    "title",
    "container_title",
    "publisher",
    "issued",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "pmcid",
)


def _first(records, name):
    return next((getattr(r, name) for r in records if getattr(r, name)), "")


def _authors(crossref, pubmed):
    """Return (authors, complete): PubMed's full list first, else the longest."""
    if pubmed and pubmed.authors and pubmed.authors_complete:
        return pubmed.authors, True
    lists = [r for r in (crossref, pubmed) if r and r.authors]
    if not lists:
        return [], True
    best = max(lists, key=lambda r: (r.authors_complete, len(r.authors)))
    return best.authors, best.authors_complete


def merge(crossref, pubmed):
    """Return one Record from Crossref's and PubMed's; either may be None.

    Crossref's bibliographic details come first (the publisher deposited them),
    PubMed's fill what it lacks. From PubMed come the NLM journal abbreviation
    and, unless PubMed marks it incomplete, the author list. Peer review holds
    only if every registry that answered says so.
    """
    records = [r for r in (crossref, pubmed) if r]
    merged = Record(source="+".join(r.source for r in records))
    for name in _FIRST_OF:
        setattr(merged, name, _first(records, name) or getattr(merged, name))
    merged.container_short = _first(
        [r for r in (pubmed, crossref) if r], "container_short"
    )
    merged.authors, merged.authors_complete = _authors(crossref, pubmed)
    merged.peer_reviewed = all(r.peer_reviewed for r in records)
    merged.notices = list(dict.fromkeys(n for r in records for n in r.notices))
    return merged


def _ama_authors(names):
    """Return (text, cut): the AMA list, cut at a name if it would not fit."""
    names = [name.ama() for name in names if name.ama()]
    kept = list(names)
    while kept and len(", ".join(kept)) > AUTHORS_MAX_LENGTH:
        kept.pop()
    return ", ".join(kept), len(kept) < len(names)


def _container(record):
    if record.kind == "journal":
        return record.container_short or record.container_title
    if record.kind == "book":
        return record.publisher or record.container_title
    return record.container_title or record.publisher


def reference_fields(record):
    """Return (fields, warnings): the Reference model's fields from RECORD."""
    authors, cut = _ama_authors(record.authors)
    warnings = []
    if cut:
        kept = authors.count(",") + 1
        warnings.append(
            f"The registry lists {len(record.authors)} authors, more than the "
            f"authors field holds; the first {kept} are kept and the reference "
            "ends with “et al”."
        )
    fields = {
        "kind": record.kind,
        "authors": authors,
        "first_authors_only": cut or not record.authors_complete,
        "title": record.title,
        "container": _container(record),
        "year": record.year,
        "volume": record.volume,
        "issue": record.issue,
        "pages": record.pages,
        "doi": record.doi,
        "pmid": record.pmid,
        "pmcid": record.pmcid,
        # The identifiers link the record; a URL is only for what has none.
        "url": "" if record.doi else _landing_page(record),
        "peer_reviewed": record.peer_reviewed,
    }
    return fields, warnings


def _landing_page(record):
    if record.doi:
        return "https://doi.org/" + quote(record.doi, safe="/:;()._-")
    if record.pmid:
        return f"https://pubmed.ncbi.nlm.nih.gov/{record.pmid}/"
    if record.pmcid:
        return f"https://pmc.ncbi.nlm.nih.gov/articles/{record.pmcid}/"
    return ""


def csl_item(record):
    """Return RECORD as a CSL-JSON item (empty values left out)."""
    item = {
        "id": record.doi or record.pmid or record.pmcid,
        "type": record.csl_type,
        "title": record.title,
        "author": [name.csl() for name in record.authors],
        "container-title": record.container_title,
        "container-title-short": record.container_short,
        "publisher": record.publisher,
        "issued": {"date-parts": [record.issued]} if record.issued else None,
        "volume": record.volume,
        "issue": record.issue,
        "page": record.pages,
        "DOI": record.doi,
        "PMID": record.pmid,
        "PMCID": record.pmcid,
        "URL": _landing_page(record),
    }
    return {key: value for key, value in item.items() if value}
