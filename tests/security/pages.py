"""What a page must never carry: anything a browser could run that we did not put there.

``active_content`` parses a page with html.parser and lists script elements with
inline code or a foreign source, event-handler attributes, script URLs (however
spelled: browsers ignore white space and control characters in a scheme),
frames and plug-ins, a <base>, a meta refresh, and JSON-LD that no longer parses
(a sign that text broke out of its <script>).
"""

import json
import re
from html.parser import HTMLParser

from tests.hostile import label

ACTIVE_SCHEMES = re.compile(r"^(javascript|vbscript|data|livescript):")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcdoc"}
FORBIDDEN_ELEMENTS = {"iframe", "frame", "object", "embed", "applet", "base", "math"}


class ActiveContent(HTMLParser):
    """Collect everything in a page that a browser could run."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.script = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        for name, value in attributes.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            # Browsers ignore white space and control characters in a scheme.
            url = re.sub(r"[\x00-\x20]", "", value).lower()
            if name in URL_ATTRIBUTES and ACTIVE_SCHEMES.match(url):
                self.problems.append(f"<{tag} {name}={url[:30]}>")
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag == "script":
            src = attributes.get("src", "")
            if src and (not src.startswith("/") or src.startswith("//")):
                self.problems.append(f"<script src={src[:30]}>")
            self.script = (attributes, [])

    def handle_data(self, data):
        if self.script is not None:
            self.script[1].append(data)

    def handle_endtag(self, tag):
        if tag != "script" or self.script is None:
            return
        attributes, chunks = self.script
        self.script = None
        code = "".join(chunks)
        if attributes.get("type") == "application/ld+json":
            try:
                json.loads(code)
            except ValueError:
                self.problems.append("JSON-LD broken out of its <script>")
        elif code.strip():
            self.problems.append(f"inline <script>{code[:30]}")


def active_content(html):
    """Return what in HTML could run in a browser (empty when nothing could)."""
    parser = ActiveContent()
    parser.feed(html)
    parser.close()
    return parser.problems


def assert_safe(response, text, status=200):
    __tracebackhide__ = True
    assert response.status_code == status, label(text)
    problems = active_content(response.content.decode())
    where = response.request["PATH_INFO"]
    assert problems == [], f"{where} showing {label(text)}: {problems}"
