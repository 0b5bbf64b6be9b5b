"""Reading BibTeX (and biblatex) with bibtexparser 2.

bibtexparser splits the file into blocks (a block that cannot be read is kept
as a failed block, with its line, and the rest still parse), resolves
``@string`` macros, removes the enclosing braces, splits the author list on
"and" and each name into its parts. LaTeX in the text fields (``{\\"u}``,
``\\emph{...}``, protecting braces, ``$\\alpha$``) is decoded to plain text
with pylatexenc, the decoder bibtexparser itself uses; the address and DOI
are not decoded (``%`` and ``_`` are LaTeX syntax and would be lost).
"""

import bibtexparser
from bibtexparser import model
from bibtexparser.exceptions import BlockAbortedException
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
from bibtexparser.middlewares.parsestack import default_parse_stack
from pylatexenc.latex2text import LatexNodes2Text

from .imports_entries import Draft, Problem, is_et_al, pages_of
from .records import Name, Record

# BibTeX and biblatex entry types; any other is a journal article if it names
# a journal, a web page if it has an address, else a book.
KINDS = {
    "article": "journal",
    "book": "book",
    "inbook": "book",
    "incollection": "book",
    "booklet": "book",
    "mvbook": "book",
    "collection": "book",
    "thesis": "book",
    "phdthesis": "book",
    "mastersthesis": "book",
    "misc": "web",
    "online": "web",
    "electronic": "web",
    "www": "web",
    "webpage": "web",
    "report": "guideline",
    "techreport": "guideline",
    "manual": "guideline",
    "standard": "guideline",
}
TEXT_FIELDS = (
    "title",
    "journal",
    "journaltitle",
    "booktitle",
    "shortjournal",
    "publisher",
    "institution",
    "organization",
    "volume",
    "number",
    "issue",
    "pages",
    "year",
    "date",
)
_DECODER = LatexNodes2Text(math_mode="text")
_UNESCAPE = {"\\_": "_", "\\%": "%", "\\&": "&", "\\#": "#", "\\~": "~"}


def _stack():
    return [*default_parse_stack(), SeparateCoAuthors(), SplitNameParts()]


def decode(value):
    """Return the LaTeX VALUE as plain text."""
    return _DECODER.latex_to_text(str(value or "")) if value else ""


def _verbatim(value):
    text = str(value or "").strip()
    for escaped, character in _UNESCAPE.items():
        text = text.replace(escaped, character)
    return text.removeprefix("\\url{").removesuffix("}") if "\\url{" in text else text


def _name(parts):
    """Return a Name from bibtexparser's NameParts (first, von, last, jr)."""
    family = decode(" ".join([*parts.von, *parts.last]))
    if not parts.first and not parts.von and not parts.jr:
        # "{World Health Organization}" or a one-word name: printed as given.
        return Name(literal=family)
    return Name(
        family=family,
        given=decode(" ".join(parts.first)),
        suffix=decode(" ".join(parts.jr)).rstrip("."),  # AMA: "Smith J Jr"
    )


def _authors(fields):
    # Editors are not authors: the Reference has no place for them.
    names = fields.get("author") or []
    if isinstance(names, str):  # not split: a single name without "and"
        names = []
    people = [name for name in names if not is_et_al(" ".join(name.last))]
    return [_name(name) for name in people], len(people) < len(names)


def _kind(entry_type, fields):
    kind = KINDS.get(entry_type)
    if kind:
        return kind
    if fields.get("journal") or fields.get("journaltitle"):
        return "journal"
    return "web" if fields.get("url") else "book"


def _draft(entry, number, line=None):
    fields = {key.lower(): item.value for key, item in entry.fields_dict.items()}
    text = {key: decode(fields[key]) for key in TEXT_FIELDS if fields.get(key)}
    kind = _kind(entry.entry_type.lower(), fields)
    authors, et_al = _authors(fields)
    record = Record(
        source="bibtex",
        kind=kind,
        title=text.get("title", ""),
        authors=authors,
        container_title=text.get("journal")
        or text.get("journaltitle")
        or text.get("booktitle", ""),
        container_short=text.get("shortjournal", ""),
        publisher=text.get("publisher")
        or text.get("institution")
        or text.get("organization", ""),
        volume=text.get("volume", ""),
        issue=text.get("number") or text.get("issue", ""),
        pages=pages_of(text.get("pages", "")),
        doi=_verbatim(fields.get("doi")),
        pmid=_verbatim(fields.get("pmid")),
        pmcid=_verbatim(fields.get("pmcid")),
        peer_reviewed=kind == "journal",
    )
    return Draft(
        record=record,
        entry=number,
        line=line or (entry.start_line or 0) + 1,
        year=text.get("year") or text.get("date", ""),
        url=_verbatim(fields.get("url")),
        accessed=_verbatim(fields.get("urldate")),
        lists_first_authors_only=et_al,
    )


def _failure(block, number, library):
    """Return a Draft or a Problem for a block bibtexparser could not take."""
    line = (block.start_line or 0) + 1
    if isinstance(block, model.DuplicateBlockKeyBlock):
        # Another entry has the same BibTeX key; ours come from the authors,
        # so the entry is still read, through the same steps as the others.
        # It is parsed again on its own, beside the file's @string macros.
        alone = bibtexparser.Library(blocks=list(library.strings))
        raw = block.ignore_error_block.raw
        alone = bibtexparser.parse_string(raw, parse_stack=_stack(), library=alone)
        return _draft(alone.entries[-1], number, line)
    if isinstance(block, model.DuplicateFieldKeyBlock):
        names = ", ".join(sorted(block.duplicate_keys))
        message = f"It has the field {names} twice, so which is right is unclear."
    elif isinstance(block.error, BlockAbortedException):
        message = (
            "It is not complete: the next entry starts before this one's closing "
            "brace, or a brace or quote is missing."
        )
    else:
        message = "It could not be read as BibTeX; check its braces and commas."
    return Problem(message, entry=number, line=line)


def read_bibtex(text):
    """Return the Drafts and Problems of the BibTeX TEXT, in file order."""
    library = bibtexparser.parse_string(text, parse_stack=_stack())
    found = []
    for block in library.blocks:
        if isinstance(block, model.Entry):
            found.append(_draft(block, len(found) + 1))
        elif isinstance(block, model.ParsingFailedBlock):
            found.append(_failure(block, len(found) + 1, library))
    if not found:
        found.append(Problem("There is no BibTeX entry (such as @article{...})."))
    return found
