"""Reading RIS (Zotero, EndNote, Mendeley, publishers' "export citation").

rispy reads the tags of a record. It gives no line numbers and, when a
record's end tag (``ER  -``) is missing, silently drops that record or runs it
into the next; so the file is first cut at each ``TY  -`` line, which starts a
record, and rispy reads each piece on its own: every entry has its line, and a
record cut short is reported instead of lost.
"""

import re

import rispy

from .imports_entries import Draft, Problem, is_et_al, pages_of, plain
from .records import Name, Record

_START_RE = re.compile(r"^TY  -")
_END_RE = re.compile(r"^ER  -")
# RIS reference types; any other is a journal article if it names a journal,
# else a web page if it has an address, else a book.
KINDS = {
    "JOUR": "journal",
    "JFULL": "journal",
    "EJOUR": "journal",
    "INPR": "journal",
    "ABST": "journal",
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "book",
    "CHAP": "book",
    "ECHAP": "book",
    "THES": "book",
    "ELEC": "web",
    "WEB": "web",
    "BLOG": "web",
    "ICOMM": "web",
    "DBASE": "web",
    "RPRT": "guideline",
    "GOVDOC": "guideline",
    "STAND": "guideline",
    "GUIDELINE": "guideline",
}
NOT_PEER_REVIEWED = {"INPR", "ABST"}  # in press (not yet), abstracts


def _name(text):
    """Return a Name from RIS's "Last, First, Suffix"; no comma: an organisation."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) == 1:
        return Name(literal=parts[0])
    return Name(family=parts[0], given=parts[1], suffix=", ".join(parts[2:]))


def _first(record, *names):
    for name in names:
        value = plain(record.get(name))
        if value:
            return value
    return ""


def _kind(record):
    kind = KINDS.get(plain(record.get("type_of_reference")).upper())
    if kind:
        return kind
    if _first(record, "journal_name", "alternate_title3", "alternate_title1"):
        return "journal"
    return "web" if record.get("urls") else "book"


def _draft(record, number, line):
    names = [*(record.get("first_authors") or []), *(record.get("authors") or [])]
    people = [name for name in names if not is_et_al(name)]
    kind = _kind(record)
    ris_type = plain(record.get("type_of_reference")).upper()
    start, end = plain(record.get("start_page")), plain(record.get("end_page"))
    found = Record(
        source="ris",
        kind=kind,
        title=_first(record, "title", "primary_title", "translated_title"),
        authors=[_name(name) for name in people],
        container_title=_first(
            record, "journal_name", "alternate_title3", "secondary_title"
        ),
        container_short=_first(record, "alternate_title1", "alternate_title2"),
        publisher=_first(record, "publisher"),
        volume=_first(record, "volume"),
        issue=_first(record, "number"),
        pages=pages_of(f"{start}-{end}" if start and end and end != start else start),
        doi=_first(record, "doi"),
        peer_reviewed=kind == "journal" and ris_type not in NOT_PEER_REVIEWED,
    )
    return Draft(
        record=found,
        entry=number,
        line=line,
        year=_first(record, "year", "publication_year", "date"),
        url=(record.get("urls") or [""])[0],
        accessed=_first(record, "access_date"),
        lists_first_authors_only=len(people) < len(names),
    )


def _pieces(text):
    """Yield (line number, lines) of each record, cut at its ``TY  -`` line."""
    start, piece = None, []
    for number, line in enumerate(text.split("\n"), start=1):
        if _START_RE.match(line):
            if piece:
                yield start, piece
            start, piece = number, []
        if start is not None:
            piece.append(line)
    if piece:
        yield start, piece


def _read_piece(piece, number, line):
    if not any(map(_END_RE.match, piece)):
        return Problem(
            "It is cut short: the record has no end line (ER  - ) before the next "
            "record or the end of the file.",
            entry=number,
            line=line,
        )
    try:
        records = rispy.loads("\n".join(piece))
    except (AttributeError, KeyError, TypeError, ValueError):
        records = []
    if not records:
        return Problem("It could not be read as RIS.", entry=number, line=line)
    return _draft(records[0], number, line)


def read_ris(text):
    """Return the Drafts and Problems of the RIS TEXT, in file order."""
    found = []
    for line, piece in _pieces(text):
        found.append(_read_piece(piece, len(found) + 1, line))
    if not found:
        found.append(Problem("There is no RIS record (a line “TY  - ” starts one)."))
    return found
