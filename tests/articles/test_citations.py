"""Citation syntax, numbering by first use, and the reference list's links."""

import re

import pytest
from django.core.exceptions import ValidationError

from articles.rendering import render_article


def ref(key, **extra):
    data = {
        "key": key,
        "kind": "journal",
        "authors": "Doe J",
        "title": f"Study {key}",
        "container": "BMJ",
        "year": 2021,
        "doi": "",
        "pmid": "",
        "pmcid": "",
        "url": "",
    }
    data.update(extra)
    return data


REFS = [ref("alpha"), ref("beta"), ref("gamma")]


def citation_numbers(html):
    """Return the visible citation groups, e.g. ['(1)', '(2, 1)']."""
    groups = re.findall(r'<span class="citation">(.*?)</span>', html)
    return [re.sub(r"<[^>]+>", "", g) for g in groups]


def test_numbers_follow_first_use_not_list_order():
    out = render_article("First [@gamma]. Then [@alpha].", REFS)
    assert citation_numbers(out.body_html) == ["(1)", "(2)"]
    assert out.cited_keys == ["gamma", "alpha"]
    assert 'id="ref-1"' in out.references_html
    assert out.references_html.index("Study gamma") < out.references_html.index(
        "Study alpha"
    )


def test_repeated_citation_reuses_its_number_with_unique_ids():
    out = render_article("A [@alpha]. B [@beta]. Again [@alpha].", REFS)
    assert citation_numbers(out.body_html) == ["(1)", "(2)", "(1)"]
    ids = re.findall(r'id="([^"]+)"', out.body_html + out.references_html)
    assert len(ids) == len(set(ids))
    assert 'href="#cite-1-1"' in out.references_html
    assert 'href="#cite-1-2"' in out.references_html


def test_multi_cite_prints_numbers_in_one_parenthesis():
    out = render_article("Both [@alpha; @beta]. Mixed [@gamma;@alpha].", REFS)
    assert citation_numbers(out.body_html) == ["(1, 2)", "(3, 1)"]


def test_each_number_links_to_its_reference_accessibly():
    out = render_article("Claim [@beta].", REFS)
    link = re.search(r"<a [^>]*>1</a>", out.body_html).group(0)
    assert 'href="#ref-1"' in link
    assert 'role="doc-biblioref"' in link
    assert 'aria-label="Reference 1"' in link


def test_unknown_key_raises_an_error_naming_it():
    with pytest.raises(ValidationError) as error:
        render_article("Claim [@alpha; @nosuch].", REFS)
    assert "@nosuch" in str(error.value)
    assert "@alpha" not in str(error.value)


def test_unknown_key_is_shown_not_raised_in_preview_mode():
    out = render_article("Claim [@nosuch].", REFS, strict=False)
    assert "unknown reference @nosuch" in out.body_html
    assert out.unknown_keys == ["nosuch"]


def test_uncited_reference_is_reported_and_not_listed():
    out = render_article("Only [@alpha].", REFS)
    assert out.uncited_keys == ["beta", "gamma"]
    assert "beta, gamma" in out.warnings[0]
    assert "Study beta" not in out.references_html


def test_citation_inside_code_is_left_as_text():
    out = render_article("Write `[@alpha]` to cite.", REFS)
    assert "[@alpha]" in out.body_html
    assert out.cited_keys == []


def test_ordinary_links_still_work_next_to_citations():
    out = render_article("See [the trial](https://example.org) [@alpha].", REFS)
    assert '<a href="https://example.org"' in out.body_html
    assert citation_numbers(out.body_html) == ["(1)"]


def test_numbering_follows_document_order_across_nested_markup():
    text = "- *Item [@beta]* and **bold [@gamma]**\n- Then [@alpha]\n"
    out = render_article(text, REFS)
    assert out.cited_keys == ["beta", "gamma", "alpha"]


def test_the_same_key_twice_in_one_group_is_cited_once():
    out = render_article("Both [@alpha; @alpha].", REFS)
    assert citation_numbers(out.body_html) == ["(1)"]
    assert out.body_html.count('role="doc-biblioref"') == 1


def test_a_citation_inside_link_text_is_refused_with_a_reason():
    text = "Read [the trial [@alpha]](https://example.org/trial)."
    with pytest.raises(ValidationError, match="cannot sit inside a link's text"):
        render_article(text, REFS)
    # The preview says so, and never nests one link in another.
    out = render_article(text, REFS, strict=False)
    assert out.citations_in_links == ["@alpha"]
    assert 'role="doc-biblioref"' not in out.body_html


def test_headings_never_skip_a_level():
    out = render_article("# One\n\n#### Two\n\n## Three\n\n###### Four", REFS)
    levels = re.findall(r"<(h\d)>", out.body_html)
    assert levels == ["h2", "h3", "h2", "h3"]
