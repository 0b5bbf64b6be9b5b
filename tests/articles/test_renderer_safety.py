"""Whatever an author types, the rendered HTML carries no active content."""

import re
from html.parser import HTMLParser

import pytest

from articles.rendering import render_article, render_preview

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=https://evil.example></iframe>",
    "<object data=evil.swf></object>",
    "<embed src=evil.swf>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![img](javascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="color:red">styled</p>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<input autofocus onfocus="alert(1)">',
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<base href=javascript:alert(1)//>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<style>body{display:none}</style>",
    '"><script>alert(1)</script>',
    "<<script>script>alert(1)<</script>/script>",
    "<a href=x onmouseover=alert(1)>hover</a>",
    '[x](https://example.org"onmouseover="alert(1))',
    '[x](https://example.org "title\\" onmouseover=\\"alert(1)")',
    "<!--<script>alert(1)</script>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "{: onclick=alert(1)}",
    "<template><script>alert(1)</script></template>",
    "<video><source onerror=alert(1)></video>",
    "<a id=ref-1 href=#>fake reference anchor</a>",
    "[@alpha]<img src=x onerror=alert(1)>",
]

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
    assert len(PAYLOADS) >= 30


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_body_renders_harmless(payload):
    out = render_article(f"Intro [@alpha].\n\n{payload}\n\nEnd.", REFS)
    assert problems(out.body_html) == []
    assert problems(render_preview(payload, REFS)) == []


@pytest.mark.parametrize("payload", PAYLOADS)
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
