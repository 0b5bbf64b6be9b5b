"""Reading PubMed's MEDLINE format (the .nbib "Send to: Citation manager" file).

Biopython's ``Bio.Medline`` reads the tags of a record. Records are separated
by blank lines; the file is cut there first, so that each entry keeps its line
and one damaged record (a line that is neither a tag nor a continuation) is
reported while the others are read. The author list is taken in file order
from the ``AU`` (personal, already "Surname AB") and ``CN`` (organisation)
lines, which Biopython keeps apart.
"""

import re

from Bio import Medline

from .imports_entries import Draft, Problem
from .pubmed import is_peer_reviewed
from .records import Name, Record, page_range

_TAG_RE = re.compile(r"^([A-Z]{2,4}) *- ?")
_CONTINUATION = "      "
_DOI_RE = re.compile(r"(\S+) \[doi\]")
_SUFFIXES = {"Jr", "Sr", "2nd", "3rd", "4th", "II", "III", "IV"}


def _name(author):
    """Return a Name from an ``AU`` line: "Greshake Tzovaras B", "Smith AB Jr"."""
    words = author.split()
    suffix = words.pop() if len(words) > 2 and words[-1] in _SUFFIXES else ""
    if len(words) > 1 and words[-1].isalpha() and words[-1].isupper():
        return Name(family=" ".join(words[:-1]), initials=words[-1], suffix=suffix)
    return Name(literal=author)


def _full_name(author):
    """Return a Name from an ``FAU`` line: "Himmelstein, Daniel S"."""
    family, _, given = author.partition(",")
    return Name(family=family.strip(), given=given.strip()) if given else None


def _authors(lines, record):
    """Return the Names of the AU and CN lines, in the order the file has them."""
    names = []
    for line in lines:
        tag = _TAG_RE.match(line)
        if tag and tag.group(1) in {"AU", "CN"}:
            value = line[tag.end() :].strip()
            names.append(_name(value) if tag.group(1) == "AU" else Name(literal=value))
    if not names:  # some exports give only the full names
        names = [name for name in map(_full_name, record.get("FAU", [])) if name]
    return names


def _doi(record):
    for value in [*record.get("AID", []), record.get("LID", "")]:
        match = _DOI_RE.search(value)
        if match:
            return match.group(1)
    return ""


def _title(record):
    title = record.get("TI") or record.get("BTI", "")
    if isinstance(title, list):
        title = " ".join(title)
    # PubMed ends every title with a full stop; the citation adds its own.
    return title[:-1] if title.endswith(".") and not title.endswith("..") else title


def _draft(record, lines, number, line):
    kinds = record.get("PT", [])
    kind = "book" if record.get("BTI") and not record.get("TA") else "journal"
    found = Record(
        source="medline",
        kind=kind,
        title=_title(record),
        authors=_authors(lines, record),
        container_title=record.get("JT", ""),
        container_short=record.get("TA", ""),
        publisher=" ".join(record.get("PB", [])),
        volume=record.get("VI", ""),
        issue=record.get("IP", ""),
        pages=page_range(medline=record.get("PG", "")),
        doi=_doi(record),
        pmid=record.get("PMID", ""),
        pmcid=record.get("PMC", ""),
        peer_reviewed=kind == "journal" and is_peer_reviewed(kinds),
    )
    return Draft(record=found, entry=number, line=line, year=record.get("DP", ""))


def _pieces(text):
    """Yield (line number, lines) of each record: the runs of non-blank lines."""
    start, piece = None, []
    for number, line in enumerate([*text.split("\n"), ""], start=1):
        # A line of spaces may continue an abstract (Biopython issue 4557).
        if line.strip() or (piece and line.startswith(_CONTINUATION)):
            start = start or number
            piece.append(line)
        elif piece:
            yield start, piece
            start, piece = None, []


def _read_piece(piece, number, line):
    for offset, text in enumerate(piece):
        continued = offset and text.startswith(_CONTINUATION)
        if not continued and not _TAG_RE.match(text):
            return Problem(
                f"Its line {line + offset} is neither a tag (such as “TI  - ”) "
                "nor the continuation of one, indented by six spaces.",
                entry=number,
                line=line,
            )
    record = Medline.read([f"{text}\n" for text in piece])
    return _draft(record, piece, number, line)


def read_medline(text):
    """Return the Drafts and Problems of the MEDLINE TEXT, in file order."""
    found = []
    for line, piece in _pieces(text):
        found.append(_read_piece(piece, len(found) + 1, line))
    if not found:
        found.append(
            Problem("There is no MEDLINE record (a line “PMID- ” starts one).")
        )
    return found
