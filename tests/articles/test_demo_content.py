"""The demo articles follow the demo's house style, and each rule catches a break.

These are editorial rules for the demo content only, not model rules: those
(valid DOIs, known citation keys, field lengths...) are enforced by
``load_demo`` through the models' ``full_clean()`` and the strict renderer.
Each rule below returns what is wrong with one article, or None.
"""

import dataclasses
import re

import pytest

from articles import demo
from articles.rendering import CITATION_RE, render_article

CONTENT = demo.load()
SLUGS = {article.slug for article in CONTENT.articles}
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'.,/-]*")


def rendered(article):
    references = [reference.as_frozen() for reference in article.reference_objects()]
    return render_article(article.body, references, strict=False)


def citations(article):
    """Return the cited keys of each citation, as the renderer reads them."""
    return [
        list(dict.fromkeys(key.strip().lstrip("@") for key in group.split(";")))
        for group in re.findall(CITATION_RE, article.body)
    ]


def three_to_eight_references(article):
    count = len(article.references)
    if not 3 <= count <= 8:
        return f"{count} references, want 3 to 8"


def a_repeated_citation(article):
    keys = [key for group in citations(article) for key in group]
    if len(keys) == len(set(keys)):
        return "no reference is cited twice"


def a_multi_citation(article):
    if not any(len(group) > 1 for group in citations(article)):
        return "no citation of several references at once, [@a; @b]"


def a_when_to_see_a_doctor_section(article):
    if "<h2>When to see a doctor</h2>" not in rendered(article).body_html:
        return "no '## When to see a doctor' section"


def a_bulleted_list(article):
    if "<ul>" not in rendered(article).body_html:
        return "no bulleted list"


def four_to_eight_hundred_words(article):
    words = len(WORD.findall(re.sub(CITATION_RE, "", article.body)))
    if not 400 <= words <= 800:
        return f"{words} words, want 400 to 800"


def a_short_summary(article):
    if len(article.summary) > 300:
        return f"summary of {len(article.summary)} characters, want at most 300"


def also_read_other_demo_articles(article):
    wrong = [
        slug for slug in article.also_read if slug == article.slug or slug not in SLUGS
    ]
    if wrong:
        return f"also_read names itself or no demo article: {wrong}"


def every_reference_cited_and_every_citation_listed(article):
    result = rendered(article)
    if result.uncited_keys or result.unknown_keys:
        return (
            f"listed, not cited: {result.uncited_keys}; "
            f"cited, not listed: {result.unknown_keys}"
        )


RULES = [
    three_to_eight_references,
    a_repeated_citation,
    a_multi_citation,
    a_when_to_see_a_doctor_section,
    a_bulleted_list,
    four_to_eight_hundred_words,
    a_short_summary,
    also_read_other_demo_articles,
    every_reference_cited_and_every_citation_listed,
]


def broken_rules(article):
    return [
        f"{rule.__name__}: {problem}" for rule in RULES if (problem := rule(article))
    ]


def test_there_is_demo_content_on_every_topic():
    assert len(CONTENT.articles) >= 8
    topics = {article.topic for article in CONTENT.articles}
    assert topics == {topic["slug"] for topic in CONTENT.topics}


def test_each_demo_article_has_its_own_place_in_the_order():
    orders = [article.order for article in CONTENT.articles]
    assert len(set(orders)) == len(orders), orders


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda article: article.slug)
def test_demo_article_follows_the_house_style(article):
    problems = broken_rules(article)
    assert not problems, f"{demo.describe(article.path)} breaks: " + "; ".join(problems)


# Each rule, shown to fail on a copy of a demo article broken in just that way.
ARTICLE = CONTENT.articles[0]
BODY = ARTICLE.body
EXTRA_REFERENCE = {"key": "extra2020", "kind": "web", "title": "Extra", "url": ""}
BREAKS = {
    three_to_eight_references: {"references": ARTICLE.references[:2]},
    a_repeated_citation: {
        "body": re.sub(CITATION_RE, "", BODY)
        + "\n\nSources: [{}].".format(
            "; ".join(f"@{r['key']}" for r in ARTICLE.references)
        )
    },
    a_multi_citation: {"body": BODY.replace("; @", "] [@")},
    a_when_to_see_a_doctor_section: {
        "body": BODY.replace("## When to see a doctor", "## Getting help")
    },
    a_bulleted_list: {"body": re.sub(r"^- ", "", BODY, flags=re.MULTILINE)},
    four_to_eight_hundred_words: {"body": BODY + "\n\nAnd more words." * 150},
    a_short_summary: {"summary": "A summary that goes on. " * 13},
    also_read_other_demo_articles: {"also_read": [ARTICLE.slug]},
    every_reference_cited_and_every_citation_listed: {
        "references": [*ARTICLE.references, EXTRA_REFERENCE]
    },
}


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_rule_reports_an_article_that_breaks_it(rule):
    assert rule(ARTICLE) is None
    broken = dataclasses.replace(ARTICLE, **BREAKS[rule])
    assert rule(broken), f"{rule.__name__} missed the break"


def test_a_citation_of_an_unlisted_reference_is_reported():
    broken = dataclasses.replace(ARTICLE, body=BODY + " [@missing2020]")
    assert "missing2020" in every_reference_cited_and_every_citation_listed(broken)


def test_also_read_naming_no_demo_article_is_reported():
    broken = dataclasses.replace(ARTICLE, also_read=["no-such-article"])
    assert "no-such-article" in also_read_other_demo_articles(broken)


# Six-name lists known to be the whole authorship; any other demo reference that
# stops at six names must say it lists only the first authors (docs/architecture.md).
COMPLETE_SIX = {
    "cuijpers2014",
    "delorgeril1999",
    "hallett2022",
    "kessler2005",
    "slee2019",
    "young1993",
}


def test_a_reference_stopping_at_six_names_says_whether_that_is_all():
    unsaid = []
    for article in CONTENT.articles:
        for reference in article.reference_objects():
            names = [n for n in reference.authors.split(",") if n.strip()]
            complete = reference.key in COMPLETE_SIX
            if len(names) == 6 and complete == reference.first_authors_only:
                unsaid.append(reference.key)
    assert unsaid == []
