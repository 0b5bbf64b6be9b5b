"""The one render function: Markdown -> citations -> sanitised HTML.

``render_article`` serves both the editor's live preview and the freezing of a
revision, so what a reviewer approves is byte for byte what readers get. Its
output is the only HTML the templates mark safe.

Safety comes in two layers. Raw HTML in the Markdown is switched off (typed
tags appear as text), and everything the Markdown produces passes through nh3
with a small allow-list of tags, attributes, classes and URL schemes.
"""

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

import markdown
from django.core.exceptions import ValidationError
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from ..references import ama_citation, reference_links
from .sanitise import sanitise

KEY = r"[A-Za-z0-9_][\w:.\-]*"
CITATION_RE = rf"\[(@{KEY}(?:\s*;\s*@{KEY})*)\]"

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

# python-markdown parses a list or quote inside another by recursing: a few
# hundred levels ("- - - - ...") exhaust Python's stack, and deep indentation
# takes seconds to get there. No article needs a fraction of this.
MAX_NESTING_COLUMNS = 200
_NESTING = re.compile(r"^(?:[ \t>]|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))*", re.MULTILINE)
TOO_DEEP = (
    "The text nests lists, quotes or indentation too deeply to display. Flatten "
    f"the nesting: no line may begin with more than {MAX_NESTING_COLUMNS} "
    "characters of indentation, quote marks and list markers."
)


CITATION_IN_LINK = (
    "A citation cannot sit inside a link's text ({}): move it after the link."
)


@dataclass
class RenderedArticle:
    body_html: str
    references_html: str
    cited_keys: list = field(default_factory=list)
    uncited_keys: list = field(default_factory=list)
    unknown_keys: list = field(default_factory=list)
    citations_in_links: list = field(default_factory=list)

    @property
    def warnings(self):
        """Return human-readable warnings for the editor."""
        if not self.uncited_keys:
            return []
        keys = ", ".join(self.uncited_keys)
        return [f"These references are not cited in the text: {keys}."]


class _CitationPattern(InlineProcessor):
    """Turn [@a; @b] into a placeholder span; numbering happens later, in order."""

    def handleMatch(self, m, data):
        # "[@a; @a]" cites one source once.
        keys = list(dict.fromkeys(k.strip().lstrip("@") for k in m.group(1).split(";")))
        el = etree.Element("span")
        el.set("data-cite-keys", " ".join(keys))
        return el, m.start(0), m.end(0)


class _CitationNumberer(Treeprocessor):
    """Number citations by first use, walking the tree in document order."""

    def __init__(self, md, state):
        super().__init__(md)
        self.state = state

    def run(self, root):
        # The page title is the only h1, and headings go down one level at a
        # time (h2, then h3...), so screen-reader users can navigate by them.
        previous = 1
        links = set()
        for el in root.iter():
            if el.tag in HEADINGS:
                level = min(max(2, int(el.tag[1])), previous + 1)
                el.tag = f"h{level}"
                previous = level
            if el.tag == "a":
                links.update(id(child) for child in el.iter() if child is not el)
            keys = el.attrib.pop("data-cite-keys", None)
            if keys is None:
                continue
            if id(el) in links:
                # A citation in a link's text would put a link inside a link.
                self.state["in_links"].append(" ".join(f"@{k}" for k in keys.split()))
                el.text = f"[{'; '.join(f'@{k}' for k in keys.split())}]"
                continue
            self._fill(el, keys.split())

    def _fill(self, el, keys):
        known = self.state["known"]
        numbers = self.state["numbers"]
        uses = self.state["uses"]
        el.set("class", "citation")
        el.text = "("
        last = None
        for key in keys:
            if key not in known:
                self.state["unknown"].append(key)
                child = etree.SubElement(el, "span")
                child.set("class", "citation-unknown")
                child.text = f"unknown reference @{key}"
            else:
                number = numbers.setdefault(key, len(numbers) + 1)
                uses[key] = uses.get(key, 0) + 1
                child = etree.SubElement(el, "a")
                child.set("href", f"#ref-{number}")
                child.set("id", f"cite-{number}-{uses[key]}")
                child.set("class", "citation-link")
                child.set("role", "doc-biblioref")
                child.set("aria-label", f"Reference {number}")
                child.text = str(number)
            if last is not None:
                last.tail = ", "
            last = child
        if last is None:
            el.text = "()"
        else:
            last.tail = ")"


class _CitationExtension(Extension):
    def __init__(self, state):
        super().__init__()
        self.state = state

    def extendMarkdown(self, md):
        # Above links and reference links so "[@key]" is never read as a link.
        md.inlinePatterns.register(_CitationPattern(CITATION_RE, md), "citation", 175)
        md.treeprocessors.register(_CitationNumberer(md, self.state), "citations", 15)
        # Raw HTML is not part of our Markdown: typed tags are shown as text.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def _markdown(text, known_keys):
    """Return (HTML, citation state) for TEXT, or raise ValidationError if too deep."""
    deepest = max(
        (len(m.group().expandtabs(4)) for m in _NESTING.finditer(text)), default=0
    )
    if deepest > MAX_NESTING_COLUMNS:
        raise ValidationError(TOO_DEEP, code="too_deep")
    state = {
        "known": set(known_keys),
        "numbers": {},
        "uses": {},
        "unknown": [],
        "in_links": [],
    }
    md = markdown.Markdown(
        extensions=["sane_lists", "tables", _CitationExtension(state)],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )
    try:
        return md.convert(text), state
    except RecursionError:  # nesting the check above does not see
        raise ValidationError(TOO_DEEP, code="too_deep") from None


def render_article(body, references, *, strict=True):
    """Return a RenderedArticle for BODY (Markdown) citing REFERENCES.

    REFERENCES is a list of frozen reference dicts (``Reference.as_frozen``).
    With ``strict``, a citation of an unknown key raises ValidationError naming
    the key; otherwise it is shown in the text as an unknown reference. Text
    nested too deeply to render raises ValidationError either way.
    """
    by_key = {ref["key"]: ref for ref in references}
    body_html, state = _markdown(body or "", by_key)
    unknown = list(dict.fromkeys(state["unknown"]))
    if strict and unknown:
        names = ", ".join(f"@{key}" for key in unknown)
        raise ValidationError(
            f"Unknown citation key(s): {names}. Add the reference or fix the key.",
            code="unknown_citation",
        )
    if strict and state["in_links"]:
        raise ValidationError(
            CITATION_IN_LINK.format(", ".join(state["in_links"])),
            code="citation_in_link",
        )
    numbers = state["numbers"]
    cited = sorted(numbers, key=numbers.get)
    references_html = render_reference_list(
        [(numbers[key], by_key[key], state["uses"][key]) for key in cited]
    )
    return RenderedArticle(
        body_html=sanitise(body_html),
        references_html=sanitise(references_html),
        cited_keys=cited,
        uncited_keys=[key for key in by_key if key not in numbers],
        unknown_keys=unknown,
        citations_in_links=state["in_links"],
    )


def render_preview(text, references=()):
    """Return preview HTML for the editor: the body, then its reference list."""
    try:
        rendered = render_article(text, list(references), strict=False)
    except ValidationError as error:
        return "".join(f"<p><strong>{html.escape(m)}</strong></p>" for m in error)
    except Exception:  # the preview must never fail while someone types
        return sanitise(f"<p>{html.escape('The preview could not be rendered.')}</p>")
    notes = []
    if rendered.unknown_keys:
        keys = ", ".join(f"@{k}" for k in rendered.unknown_keys)
        notes.append(f"Unknown citation key(s): {keys}. Submission will be blocked.")
    if rendered.citations_in_links:
        notes.append(
            CITATION_IN_LINK.format(", ".join(rendered.citations_in_links))
            + " Submission will be blocked."
        )
    notes.extend(rendered.warnings)
    notes_html = "".join(f"<p><strong>{html.escape(n)}</strong></p>" for n in notes)
    return notes_html + rendered.body_html + rendered.references_html


def render_reference_list(numbered):
    """Return the <ol> of references for (number, frozen ref, uses) triples."""
    if not numbered:
        return ""
    e = html.escape
    items = []
    for number, ref, uses in numbered:
        links = " ".join(
            f'<a class="ref-link" href="{e(url)}">{label}</a>'
            for label, url in reference_links(ref)
        )
        backs = " ".join(
            f'<a class="backlink" href="#cite-{number}-{use}" '
            f'aria-label="Back to citation {number} in the text'
            f'{"" if uses == 1 else f", use {use}"}">↩{"" if uses == 1 else use}</a>'
            for use in range(1, uses + 1)
        )
        items.append(
            f'<li class="reference" id="ref-{number}">{ama_citation(ref)} '
            f'<span class="ref-links">{links}</span> '
            f'<span class="backlinks">{backs}</span></li>'
        )
    return '<ol class="references">' + "".join(items) + "</ol>"
