"""Whatever an author types, the rendered HTML carries no active content."""

import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError

from articles.rendering import render_article, render_preview
from tests.hostile import EVERYTHING, label

FORBIDDEN_TAGS = {
    "script", "iframe", "object", "embed", "style", "svg", "math", "form", "input",
    "button", "base", "meta", "link", "body", "details", "template", "video", "source",
    "noscript",
}  # fmt: skip


class Inspector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag}[{name}]")
            if name in {"href", "src", "action"} and value.startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.problems.append(f"{tag}[{name}={value[:20]}]")


def problems(html):
    inspector = Inspector()
    inspector.feed(html)
    return inspector.problems


REFS = [{"key": "alpha", "title": "A", "kind": "journal"}]


def test_at_least_thirty_payloads():
    assert len(EVERYTHING) >= 30


@pytest.mark.parametrize("payload", EVERYTHING, ids=label)
def test_payload_in_body_renders_harmless(payload):
    try:
        out = render_article(f"Intro [@alpha].\n\n{payload}\n\nEnd.", REFS)
    except ValidationError:  # refused, with a reason (nested too deeply)
        out = None
    assert out is None or problems(out.body_html) == []
    assert problems(render_preview(payload, REFS)) == []


@pytest.mark.parametrize("payload", EVERYTHING, ids=label)
def test_payload_in_reference_fields_renders_harmless(payload):
    ref = {
        "key": "alpha",
        "kind": "web",
        "authors": payload,
        "title": payload,
        "container": payload,
        "url": payload,
        "doi": payload,
        "pmid": payload,
        "pmcid": payload,
    }
    out = render_article("Claim [@alpha].", [ref])
    assert problems(out.references_html) == []


def test_typed_html_is_shown_as_text():
    out = render_article("Use <b>bold</b> sparingly.", [])
    assert "&lt;b&gt;bold&lt;/b&gt;" in out.body_html


def test_author_cannot_forge_reference_ids():
    out = render_article('<a id="ref-1">x</a> and {: #ref-1}', [])
    assert re.search(r"<[a-z]+ [^>]*id=", out.body_html) is None
