"""Plain text from an article's Markdown, as the integrity checks read it.

The checks need the words a reader reads, not the Markdown syntax: headings,
list markers, emphasis, link targets and images are removed. Citation markers
(``[@key]``) are kept here, because the originality check needs to know which
quotations are cited; ``strip_citations`` removes them for everything else.
"""

import re
from dataclasses import dataclass

CITATION = re.compile(r"\[@[^\]\n]*\]")
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(.*)$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]@][^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`+([^`]*)`+")
_SPACES = re.compile(r"[ \t]+")
# A sentence ends at . ! or ? (optionally followed by a closing quote or bracket)
# before white space; abbreviations such as "e.g." are rare enough in our prose.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+")


@dataclass(frozen=True)
class Block:
    """One unit of text: a paragraph, a list item, a table row or a heading."""

    kind: str  # "paragraph", "item", "row" or "heading"
    text: str


def _inline(text):
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    for _ in range(2):  # nested emphasis, e.g. ***bold italic***
        text = _EMPHASIS.sub(r"\2", text)
    return _SPACES.sub(" ", text).strip()


_PART_OF_PARAGRAPH = object()


def _standalone_block(line):
    """Return the Block LINE makes on its own (heading, list item, table row).

    None for a table's separator row, which makes nothing, and
    _PART_OF_PARAGRAPH for a line that belongs to the paragraph around it.
    """
    if heading := _HEADING.match(line):
        return Block("heading", _inline(heading.group(1)))
    if item := _ITEM.match(line):
        return Block("item", _inline(item.group(1)))
    if "|" in line and (line.strip().startswith("|") or " | " in line):
        if _TABLE_SEPARATOR.match(line):
            return None
        cells = [_inline(c) for c in line.strip().strip("|").split("|")]
        return Block("row", "; ".join(c for c in cells if c))
    return _PART_OF_PARAGRAPH


def blocks(markdown):
    """Return the Blocks of MARKDOWN in order, with inline syntax removed."""
    result = []
    paragraph = []
    in_fence = False

    def flush():
        if paragraph:
            text = _inline(" ".join(paragraph))
            if text:
                result.append(Block("paragraph", text))
            paragraph.clear()

    for raw in (markdown or "").splitlines():
        if _FENCE.match(raw):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        line = _QUOTE.sub("", raw)
        if not line.strip() or _RULE.match(line):
            flush()
            continue
        if _SETEXT.match(line) and paragraph:
            heading = _inline(" ".join(paragraph))
            paragraph.clear()
            result.append(Block("heading", heading))
            continue
        block = _standalone_block(line)
        if block is not _PART_OF_PARAGRAPH:
            flush()
            if block is not None:
                result.append(block)
            continue
        if result and result[-1].kind == "item" and raw[:1].isspace() and not paragraph:
            # A continuation line of a list item.
            last = result.pop()
            result.append(Block("item", f"{last.text} {_inline(line)}"))
            continue
        paragraph.append(line.strip())
    flush()
    return [block for block in result if block.text]


def plain_text(markdown, *, keep_citations=False):
    """Return MARKDOWN as plain text, one block per paragraph (blank-line separated)."""
    text = "\n\n".join(block.text for block in blocks(markdown))
    return text if keep_citations else strip_citations(text)


def strip_citations(text):
    """Return TEXT without citation markers, tidying the space they leave."""
    text = CITATION.sub("", text)
    text = re.sub(r"[ \t]+([.,;:!?)])", r"\1", text)
    return _SPACES.sub(" ", text).strip()


def sentences(text):
    """Return the sentences of one block of plain TEXT."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
