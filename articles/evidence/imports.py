"""Importing references from citation-manager files: BibTeX, RIS, MEDLINE and
CSL-JSON.

``parse_references(text)`` reads a file (its format told, or detected from
the content) and returns an ``ImportResult``: each readable entry as a dict of
the Reference model's fields, with a generated key, and each unreadable one
as a ``Problem`` with its position; bad input never raises.
``merge_with_existing(entries, existing)`` plans the import into an article:
which entries are new and which are the same work as a reference it already
has (same DOI or PMID), whose empty fields they fill. ``manage.py
import_references`` saves the plan; docs/evidence.md says why each parser.
"""

import logging
import re
from dataclasses import dataclass, field

from .imports_bibtex import read_bibtex
from .imports_csl import read_csl
from .imports_entries import Draft, Problem, finish
from .imports_keys import key_stem, unique_key
from .imports_medline import read_medline
from .imports_merge import ImportPlan, Merge, merge_with_existing
from .imports_ris import read_ris

__all__ = [
    "ALIASES",
    "FORMATS",
    "ImportPlan",
    "ImportResult",
    "Merge",
    "NOT_A_FORMAT",
    "Problem",
    "detect_format",
    "merge_with_existing",
    "parse_references",
]

# Format name: (what the editor reads, reader).
FORMATS = {
    "bibtex": ("BibTeX", read_bibtex),
    "ris": ("RIS", read_ris),
    "medline": ("MEDLINE", read_medline),
    "csl-json": ("CSL-JSON", read_csl),
}
ALIASES = {"bib": "bibtex", "nbib": "medline", "csl": "csl-json", "json": "csl-json"}
NOT_A_FORMAT = "This is not BibTeX, RIS, MEDLINE or CSL-JSON."

logger = logging.getLogger(__name__)

_RIS_RE = re.compile(r"^TY  - ", re.MULTILINE)
_MEDLINE_RE = re.compile(r"^PMID- ?\d", re.MULTILINE)
_BIBTEX_RE = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)


@dataclass
class ImportResult:
    """What a file holds: ``entries`` (dicts of Reference fields, file order),
    ``problems`` (the entries that could not be read, and why) and ``format``
    (the format name read, or "" when it is none)."""

    format: str = ""
    entries: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def format_label(self):
        return FORMATS[self.format][0] if self.format else "unknown format"


def detect_format(text):
    """Return the format name of TEXT ("bibtex", "ris", "medline", "csl-json"),
    or None when it looks like none of them."""
    start = text.lstrip()
    if start[:1] in {"[", "{"}:
        return "csl-json"
    for name, pattern in (
        ("ris", _RIS_RE),
        ("medline", _MEDLINE_RE),
        ("bibtex", _BIBTEX_RE),
    ):
        if pattern.search(text):
            return name
    return None


def _format_name(format):
    name = ALIASES.get(format.lower(), format.lower())
    if name not in FORMATS:
        known = ", ".join(FORMATS)
        raise ValueError(f"Unknown format “{format}”: use one of {known}.")
    return name


def parse_references(text, format=None, *, existing_keys=()):
    """Return an ImportResult of the citation-manager file TEXT.

    FORMAT is "bibtex", "ris", "medline" or "csl-json" (or "bib", "nbib",
    "csl", "json"); None detects it from the content. Generated keys are unique
    within the file and against EXISTING_KEYS (the article's keys, compared
    without case). Raises ValueError only for an unknown FORMAT name; a file
    that cannot be read gives problems, never an exception.
    """
    name = _format_name(format) if format else None
    text = (text or "").removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ImportResult(format=name or "", problems=[Problem("The file is empty.")])
    name = name or detect_format(text)
    if name is None:
        return ImportResult(problems=[Problem(NOT_A_FORMAT)])
    result = ImportResult(format=name)
    taken = {key.lower() for key in existing_keys}
    for found in _read(name, text):
        if isinstance(found, Problem):
            result.problems.append(found)
            continue
        fields, problem = finish(found)
        if problem:
            result.problems.append(problem)
            continue
        fields = {"key": unique_key(_stem(found, fields), taken), **fields}
        result.entries.append(fields)
    return result


def _read(name, text):
    """Return what the reader of format NAME finds in TEXT.

    The readers report what they know to go wrong; anything else a parser
    raises on a strange file is still a problem of the file, not a crash.
    """
    label, reader = FORMATS[name]
    try:
        return reader(text)
    except Exception:
        logger.exception("The %s reader failed on a file", label)
        return [Problem(f"The file could not be read as {label}.")]


def _stem(draft: Draft, fields):
    authors = draft.record.authors
    return key_stem(authors[0] if authors else None, fields["title"], fields["year"])
