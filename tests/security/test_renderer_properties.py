"""Whatever an author types, render_article's HTML stays inside its allow-list.

Hypothesis writes the text: Markdown-ish characters, HTML fragments, any
unicode, and reference lists with the same in every field. Every string of the
shared hostile corpus is an explicit example. The settings are deterministic
(same examples on every run, no example database), so CI sees no flakes.
"""

import re
from datetime import date
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles.rendering import render_article
from articles.rendering.sanitise import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_CLASSES,
    ALLOWED_IDS,
    ALLOWED_TAGS,
    URL_SCHEMES,
)
from tests.hostile import EVERYTHING

DETERMINISTIC = settings(
    derandomize=True,
    database=None,
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# nh3 adds rel to every link itself (link_rel in articles.rendering.sanitise).
ADDED_BY_SANITISER = {"a": {"rel"}}
SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
# What a browser strips before it reads a URL's scheme.
URL_SPACE = "".join(chr(c) for c in range(0x21))


def url_problem(url):
    """Return why URL is not allowed, or None: an allowed scheme, or relative."""
    seen = re.sub(r"[\t\n\r]", "", url.strip(URL_SPACE))
    scheme = SCHEME.match(seen)
    if scheme and scheme.group(1).lower() not in URL_SCHEMES:
        return f"scheme {scheme.group(1)!r}"
    return None


class AllowListCheck(HTMLParser):
    """Collect every element, attribute and URL outside the renderer's allow-list."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"<{tag}>")
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ADDED_BY_SANITISER.get(
            tag, set()
        )
        for name, value in attrs:
            value = value or ""
            if name == "class":
                extra = set(value.split()) - ALLOWED_CLASSES.get(tag, set())
                if extra:
                    self.problems.append(f"<{tag} class={sorted(extra)}>")
            elif name not in allowed:
                self.problems.append(f"<{tag} {name}>")
            if name == "id" and not ALLOWED_IDS.fullmatch(value):
                self.problems.append(f"<{tag} id={value!r}>")
            if name in {"href", "src"} and (why := url_problem(value)):
                self.problems.append(f"<{tag} {name}>: {why}")
            if name == "rel" and value != "noopener noreferrer":
                self.problems.append(f"<{tag} rel={value!r}>")

    def handle_comment(self, data):
        self.problems.append("a comment")

    def handle_decl(self, decl):
        self.problems.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.problems.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.problems.append(f"<![{data}]>")


def outside_allow_list(html):
    check = AllowListCheck()
    check.feed(html)
    check.close()
    return check.problems


def render(body, references, strict):
    """Return the rendered HTML, or None if the text was refused (ValidationError).

    Any other exception fails the test: the renderer may refuse, never crash.
    """
    try:
        rendered = render_article(body, references, strict=strict)
    except ValidationError:
        return None
    return rendered.body_html + rendered.references_html


def corpus_examples(test):
    for text in EVERYTHING:
        test = example(body=text)(test)
    return test


MARKDOWN_ALPHABET = list("ab1 \n\t#*_-+>`[]()!@;:.,/\\\"'<>=&|~{}%?") + [
    "\x00",
    "\u202e",
]
FRAGMENTS = [
    "<script>", "</script>", "<a href=", "<img src=x ", "onerror=alert(1)", "<svg",
    "javascript:", "JaVa\tScRiPt:", "data:text/html,", "vbscript:", "&#106;", "&#x3A;",
    "&lt;", "<!--", "-->", "<!DOCTYPE html>", "<?php ?>", "<![CDATA[x]]>",
    "[", "]", "(", ")", "![", "](", "[@alpha]", "[@alpha; @beta]", "[@ghost]",
    "[x]: javascript:alert(1)", "<https://example.org>", "<mailto:a@b.c>",
    "> ", "- ", "1. ", "    ", "\n", "\n\n", "`", "```", "*", "**", "_", "# ",
    "|a|b|\n|-|-|\n", "{: #ref-1 .citation }", "id=ref-1", 'title="', "'", " ",
    "https://example.org/", "#cite-1-1", "x",
]  # fmt: skip
BODIES = st.one_of(
    st.text(alphabet=st.sampled_from(MARKDOWN_ALPHABET), max_size=300),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join),
    st.text(max_size=200),
)
FIELD_TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join),
    st.sampled_from([text for text in EVERYTHING if len(text) < 500]),
)
KEYS = ["alpha", "beta", "gamma"]
REFERENCES = st.lists(
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["journal", "book", "guideline", "web"]),
            "authors": FIELD_TEXT,
            "title": FIELD_TEXT,
            "container": FIELD_TEXT,
            "year": st.none() | st.integers(0, 32767),
            "volume": FIELD_TEXT,
            "issue": FIELD_TEXT,
            "pages": FIELD_TEXT,
            "doi": FIELD_TEXT | st.just("10.1056/NEJMoa2034577"),
            "pmid": FIELD_TEXT | st.just("32109013"),
            "pmcid": FIELD_TEXT | st.just("PMC7106048"),
            "url": FIELD_TEXT | FIELD_TEXT.map(lambda t: f"https://example.org/{t}"),
            "accessed_on": st.none() | st.dates(date(1900, 1, 1)).map(date.isoformat),
            "evidence_type": st.just("other"),
            "peer_reviewed": st.booleans(),
        }
    ),
    max_size=len(KEYS),
).map(lambda refs: [{**ref, "key": key} for ref, key in zip(refs, KEYS, strict=False)])


@DETERMINISTIC
@given(body=BODIES)
@corpus_examples
def test_any_body_renders_inside_the_allow_list(body):
    references = [{"key": "alpha", "kind": "journal", "title": "A"}]
    for strict in (False, True):
        html = render(body, references, strict)
        if html is not None:
            assert outside_allow_list(html) == [], body


@DETERMINISTIC
@given(references=REFERENCES, body=BODIES)
def test_any_reference_renders_inside_the_allow_list(references, body):
    cites = " ".join(f"[@{ref['key']}]" for ref in references)
    html = render(f"{body}\n\nClaim {cites}.", references, strict=False)
    if html is not None:
        assert outside_allow_list(html) == []


def test_the_check_sees_what_is_outside_the_allow_list():
    assert (
        outside_allow_list('<p><a href="#ref-1" rel="noopener noreferrer">1</a>') == []
    )
    assert outside_allow_list('<a href="/articles/x/">x</a><img src="x.png">') == []
    for bad in [
        "<script>x</script>",
        "<p onclick=x>",
        "<p style=x>",
        '<a href=" JAVA&#9;SCRIPT:x">',
        '<img src="data:image/png;base64,x">',
        '<li id="fake">',
        '<li id="ref-1\n">',
        '<a class="citation-link evil">',
        "<!-- x -->",
    ]:
        assert outside_allow_list(bad), bad
