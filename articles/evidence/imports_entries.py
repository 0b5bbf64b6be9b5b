"""One entry of a citation-manager file, from what its reader found to the
Reference model's fields, checked.

Each reader (``imports_bibtex``, ``imports_ris``, ``imports_medline``,
``imports_csl``) turns a record into a ``Draft``: a ``Record`` (the shape the
registry look-ups use) plus what only files carry (address, access date) and
where the record stands in the file. ``finish`` checks the draft and returns
the fields, or a ``Problem`` saying plainly why the entry cannot be imported.
"""

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from articles.references.identifiers import (
    DOI_RE,
    PMCID_RE,
    PMID_RE,
    normalise_doi,
    normalise_pmcid,
    parse_identifier,
)

from .records import Record, clean_text, reference_fields

# The Reference model's field lengths (this package may not import the models,
# so they are repeated here, as records.AUTHORS_MAX_LENGTH is): a longer value
# is reported here, with the entry's position, rather than by the save.
MAX_LENGTHS = {
    "title": 500,
    "container": 300,
    "volume": 20,
    "issue": 20,
    "pages": 30,
    "doi": 200,
    "pmid": 12,
    "pmcid": 15,
    "url": 500,
}
# What citation managers write for "no date".
NO_DATE = {"", "n.d.", "nd", "n. d.", "no date", "s.d.", "undated"}
_YEAR_RE = re.compile(r"^\D{0,3}?(\d{4})(?!\d)")
_DATE_RE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")
_DASHES_RE = re.compile(r"\s*(?:--|[–—‐‑−])\s*")
_ET_AL = {"others", "et al", "et al.", "et. al.", "etal"}


@dataclass
class Problem:
    """Why an entry (or the whole file) cannot be imported, and where it is.

    ``entry`` is the entry's number in the file (1 for the first), ``line``
    the line its record starts on, where the file format tells it; ``key``
    names an entry that has no position of its own (a merge problem).
    """

    message: str
    entry: int | None = None
    line: int | None = None
    key: str = ""

    @property
    def position(self):
        """Return where the problem is, e.g. "entry 2, line 14", or "the file"."""
        parts = []
        if self.entry is not None:
            parts.append(f"entry {self.entry}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if not parts and self.key:
            parts.append(f"[@{self.key}]")
        return ", ".join(parts) or "the file"

    def __str__(self):
        return f"{self.position}: {self.message}"


@dataclass
class Draft:
    """What a reader found in one record, before it is checked."""

    record: Record
    entry: int
    line: int | None = None
    year: object = ""  # as written: "2018", "2018 Mar 1", 2018
    url: str = ""
    accessed: object = ""  # as written, or [year, month, day]
    lists_first_authors_only: bool = False

    def problem(self, message):
        return Problem(message, entry=self.entry, line=self.line)


def is_et_al(name):
    """Return whether NAME is a list's "and others" rather than an author."""
    return name.strip().lower().rstrip(",") in _ET_AL


def plain(value):
    """Return VALUE (a string, a number or a list of strings) as clean text."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return clean_text("" if value is None else str(value))


def pages_of(value):
    """Return a page range with a hyphen ("100-110"), whatever dash it had."""
    return _DASHES_RE.sub("-", plain(value))


def parse_year(value):
    """Return (year or None, problem message or "")."""
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    else:
        text = plain(value)
    if text.lower() in NO_DATE:
        return None, ""
    match = _YEAR_RE.match(text)
    year = int(match.group(1)) if match else None
    if year is None or not 1500 <= year <= date.today().year + 1:
        return None, f"Its year “{text}” is not a year."
    return year, ""


def parse_date(value):
    """Return (date or None, problem message or "") of an access date."""
    if isinstance(value, list):
        parts = value
        text = "-".join(str(part) for part in value)
    else:
        text = plain(value)
        match = _DATE_RE.match(text)
        parts = match.groups() if match else []
    if not text:
        return None, ""
    try:
        return date(*(int(part) for part in parts[:3])), ""
    except (TypeError, ValueError):
        return None, (
            f"Its access date “{text}” is not a date with year, month and day."
        )


def _identifier_problems(fields):
    problems = []
    fields["doi"] = normalise_doi(fields["doi"])
    fields["pmid"] = fields["pmid"].strip()
    fields["pmcid"] = normalise_pmcid(fields["pmcid"])
    if fields["doi"] and not DOI_RE.match(fields["doi"]):
        problems.append(
            f"Its DOI “{fields['doi']}” is not a DOI: a DOI starts with 10. and "
            "a slash, e.g. 10.1136/bmj.m1234."
        )
    if fields["pmid"] and not PMID_RE.match(fields["pmid"]):
        problems.append(f"Its PMID “{fields['pmid']}” is not digits only.")
    if fields["pmcid"] and not PMCID_RE.match(fields["pmcid"]):
        problems.append(f"Its PMCID “{fields['pmcid']}” is not PMC and digits.")
    return problems


def _move_identifier_address(fields):
    """Take a doi.org, PubMed or PMC address in the url field as the identifier.

    The identifiers link the reference already, so an address that only
    repeats one of them is dropped; one that names a missing identifier fills it.
    """
    if not fields["url"].lower().startswith(("http://", "https://")):
        return
    try:
        kind, value = parse_identifier(fields["url"])
    except ValueError:
        return
    fields[kind] = fields[kind] or value
    if normalise_doi(fields[kind]).lower() == value.lower():
        fields["url"] = ""


def _url_problem(url):
    parts = urlsplit(url)
    if parts.scheme in {"http", "https"} and parts.netloc and " " not in url:
        return ""
    return f"Its address “{url}” is not a web address (http:// or https://)."


def finish(draft):
    """Return (fields, None) for a readable DRAFT, or (None, Problem)."""
    record = draft.record
    problems = []
    if not record.title:
        problems.append("It has no title.")
    year, message = parse_year(draft.year)
    problems += [message] if message else []
    record.issued = [year] if year else []
    accessed, message = parse_date(draft.accessed)
    problems += [message] if message else []
    fields, _ = reference_fields(record)
    url = plain(draft.url)
    if url:
        fields["url"] = url
        _move_identifier_address(fields)
    problems += _identifier_problems(fields)
    if url and fields["url"]:
        message = _url_problem(url)
        problems += [message] if message else []
    fields["accessed_on"] = accessed
    fields["first_authors_only"] = (
        fields["first_authors_only"] or draft.lists_first_authors_only
    )
    for name, limit in MAX_LENGTHS.items():
        if len(fields[name] or "") > limit:
            problems.append(f"Its {name} is longer than {limit} characters.")
    if problems:
        return None, draft.problem(" ".join(problems))
    return fields, None
