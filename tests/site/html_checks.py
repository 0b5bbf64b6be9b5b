"""A small HTML5 well-formedness and structure checker for rendered pages.

It is not a full validator; it catches what templates typically get wrong:
unclosed or stray tags, duplicate ids, in-page links to missing ids, skipped
heading levels, unlabelled fields, inline styles and inline scripts.
"""

from html.parser import HTMLParser

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip
# Elements whose end tag HTML5 lets you leave out; our templates always close
# them, so they are checked like any other element.
LABELLED_BY_CONTENT = {"submit", "button", "reset", "hidden", "image"}


class PageStructure(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.ids = []
        self.fragment_links = []
        self.headings = []
        self.landmarks = set()
        self.fields = []  # (id, aria-label) of inputs that need a label
        self.label_for = set()
        self.scripts = []  # attribute dicts of <script> elements
        self.inline_styles = []
        self.doctype = False
        self.body_started = False
        self.first_body_link = None
        self.forms = []

    def handle_decl(self, decl):
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.inline_styles.append(tag)
        if any(name.startswith("on") for name in attributes):
            self.errors.append(f"inline event handler on <{tag}>")
        if attributes.get("id"):
            self.ids.append(attributes["id"])
        if tag == "a" and (attributes.get("href") or "").startswith("#"):
            self.fragment_links.append(attributes["href"][1:])
        if tag == "a" and self.body_started and self.first_body_link is None:
            self.first_body_link = attributes.get("href")
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        if tag in {"header", "nav", "main", "footer"}:
            self.landmarks.add(tag)
        if attributes.get("role") == "search":
            self.landmarks.add("search")
        if tag == "body":
            self.body_started = True
        if tag == "label" and attributes.get("for"):
            self.label_for.add(attributes["for"])
        if tag in {"input", "select", "textarea"}:
            kind = attributes.get("type", "text")
            if kind not in LABELLED_BY_CONTENT and not self._in_hidden_container():
                self.fields.append((attributes.get("id"), attributes.get("aria-label")))
        if tag == "script":
            self.scripts.append(attributes)
        if tag == "form":
            self.forms.append(attributes)
        if tag not in VOID:
            self.stack.append((tag, attributes))

    def _in_hidden_container(self):
        return any(attrs.get("aria-hidden") == "true" for _, attrs in self.stack)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append(f"end tag for void element </{tag}>")
            return
        if not self.stack or self.stack[-1][0] != tag:
            open_tags = [name for name, _ in self.stack]
            self.errors.append(f"stray </{tag}> (open: {open_tags[-4:]})")
            return
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "script":
            attrs = self.stack[-1][1]
            if attrs.get("type") != "application/ld+json" and data.strip():
                self.errors.append("inline <script> code")


def check_page(html):
    """Return a list of problems found in the page HTML (empty when fine)."""
    page = PageStructure()
    page.feed(html)
    page.close()
    problems = list(page.errors)
    if not page.doctype:
        problems.append("no <!doctype html>")
    if page.stack:
        problems.append(f"unclosed: {[name for name, _ in page.stack]}")
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    if duplicates:
        problems.append(f"duplicate ids: {sorted(duplicates)}")
    missing = {f for f in page.fragment_links if f and f not in page.ids}
    if missing:
        problems.append(f"links to missing ids: {sorted(missing)}")
    if page.headings.count(1) != 1:
        problems.append(f"{page.headings.count(1)} h1 elements")
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        if after > before + 1:
            problems.append(f"heading jumps from h{before} to h{after}")
    for landmark in ("header", "nav", "main", "footer", "search"):
        if landmark not in page.landmarks:
            problems.append(f"no <{landmark}> landmark")
    for field_id, aria_label in page.fields:
        if not aria_label and field_id not in page.label_for:
            problems.append(f"form field without a label: id={field_id}")
    if page.inline_styles:
        problems.append(f"inline style attributes on {page.inline_styles}")
    for attrs in page.scripts:
        if not attrs.get("src") and attrs.get("type") != "application/ld+json":
            problems.append("inline <script>")
    if page.first_body_link != "#main":
        problems.append(f"first link is {page.first_body_link!r}, not the skip link")
    return problems


def form_methods(html):
    """Return the method of every form on the page, lower-cased."""
    page = PageStructure()
    page.feed(html)
    return [(f.get("method") or "get").lower() for f in page.forms]
