"""JSON-LD on article pages: what it says, that it is safe, and that it is free."""

import json
import re

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, ReferenceFactory, publish_article

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)

# Every type and property we emit, each checked against schema.org. A new one
# must be looked up there before it is added here.
SCHEMA_TYPES = {
    "MedicalWebPage", "Article", "ScholarlyArticle", "Book", "WebPage",
    "CreativeWork", "Person", "Organization", "WebSite", "BreadcrumbList",
    "ListItem", "Thing", "MedicalAudience", "Periodical", "PropertyValue",
}  # fmt: skip
SCHEMA_PROPERTIES = {
    "@context", "@type", "@id", "about", "articleSection", "audienceType",
    "author", "breadcrumb", "citation", "dateModified", "datePublished",
    "description", "headline", "honorificSuffix", "identifier", "inLanguage",
    "isPartOf", "item", "itemListElement", "jobTitle", "knowsAbout",
    "lastReviewed", "mainEntity", "medicalAudience", "name", "position",
    "propertyID", "publisher", "publishingPrinciples", "reviewedBy", "sameAs",
    "url", "value",
}  # fmt: skip


def json_ld(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    blocks = JSON_LD.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0]), blocks[0], html


def walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def test_article_page_describes_a_reviewed_medical_web_page(
    client, live_article, cast, site_url
):
    data, _, _ = json_ld(client, live_article)
    url = f"{site_url}/articles/walking-and-blood-pressure/"
    revision = live_article.live_revision
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["url"] == url
    assert data["lastReviewed"] == timezone.localdate(revision.decided_at).isoformat()
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Priya Raman",
        "honorificSuffix": "MD, MRCP",
        "url": f"{site_url}/reviewers/priya-raman/",
        "jobTitle": "Medical reviewer",
        "knowsAbout": "General practice",
    }
    assert data["medicalAudience"] == {
        "@type": "MedicalAudience",
        "audienceType": "Patient",
    }
    assert data["about"]["name"] == "Heart health"
    assert data["isPartOf"]["@type"] == "WebSite"
    assert data["isPartOf"]["url"] == f"{site_url}/"


def test_main_entity_is_the_article_with_people_publisher_and_dates(
    client, live_article, site_url
):
    data, _, _ = json_ld(client, live_article)
    article = data["mainEntity"]
    revision = live_article.live_revision
    assert article["@type"] == "Article"
    assert article["headline"] == "Walking and blood pressure"
    assert article["datePublished"] == live_article.first_published_at.isoformat()
    assert article["dateModified"] == revision.published_at.isoformat()
    assert article["author"] == [
        {
            "@type": "Person",
            "name": "Lena Ortiz",
            "honorificSuffix": "RN, MSc",
            "jobTitle": "Health writer",
            "url": f"{site_url}/authors/lena-ortiz/",
            "sameAs": ["https://orcid.org/0000-0001"],
        }
    ]
    assert article["publisher"]["@type"] == "Organization"
    assert article["publishingPrinciples"] == f"{site_url}/editorial-policy/"
    assert article["publisher"]["publishingPrinciples"] == (
        f"{site_url}/editorial-policy/"
    )


def test_citations_are_the_cited_references_with_doi_and_pubmed_links(
    client, live_article
):
    data, _, _ = json_ld(client, live_article)
    journal, guideline = data["mainEntity"]["citation"]
    assert journal["@type"] == "ScholarlyArticle"
    assert journal["name"] == "Walking and blood pressure: a randomised trial"
    assert journal["isPartOf"] == {"@type": "Periodical", "name": "BMJ"}
    assert journal["sameAs"] == [
        "https://doi.org/10.1136/bmj.m1234",
        "https://pubmed.ncbi.nlm.nih.gov/32000001/",
    ]
    doi = {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.1136/bmj.m1234"}
    assert doi in journal["identifier"]
    assert guideline["@type"] == "CreativeWork"
    assert guideline["url"] == "https://www.who.int/publications/activity"


def test_uncited_references_are_left_out(client, cast):
    article = ArticleFactory(body="Only one source is cited [@smith2020].")
    ReferenceFactory(article=article)
    ReferenceFactory(article=article, key="unused", title="Never cited")
    publish_article(cast, article)
    data, _, _ = json_ld(client, article)
    names = [c["name"] for c in data["mainEntity"]["citation"]]
    assert names == ["Walking and blood pressure: a randomised trial"]


def test_breadcrumb_list_matches_the_visible_trail(client, live_article, site_url):
    data, _, html = json_ld(client, live_article)
    crumbs = data["breadcrumb"]["itemListElement"]
    page = f"{site_url}/articles/walking-and-blood-pressure/"
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Home", f"{site_url}/"),
        (2, "Heart health", f"{site_url}/topics/heart-health/"),
        (3, "Walking and blood pressure", page),
    ]
    assert 'aria-label="Breadcrumb"' in html


def test_only_schema_org_types_and_properties(client, live_article):
    data, _, _ = json_ld(client, live_article)
    for node in walk(data):
        assert set(node) <= SCHEMA_PROPERTIES, set(node) - SCHEMA_PROPERTIES
        if "@type" in node:
            assert node["@type"] in SCHEMA_TYPES


HOSTILE_TITLE = '</script><script>alert("x")</script><!-- & \u2028'


def test_a_hostile_title_cannot_break_out_of_the_script(client, cast):
    article = publish_article(cast, title=HOSTILE_TITLE, summary="<b>&</b>")
    data, raw, html = json_ld(client, article)
    assert data["name"] == HOSTILE_TITLE
    assert data["description"] == "<b>&</b>"
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert "\\u003c/script\\u003e" in raw
    assert '<script>alert("x")' not in html
    assert html.count("</script>") == 1 + html.count("<script src=")


def test_absolute_urls_follow_site_url(client, live_article, settings):
    settings.SITE_URL = "https://other.example.net"
    data, _, _ = json_ld(client, live_article)
    urls = [n["url"] for n in walk(data) if "url" in n and "doi" not in n["url"]]
    local = [u for u in urls if "who.int" not in u and "orcid" not in u]
    assert local and all(u.startswith("https://other.example.net/") for u in local)


# The page's query budget ---------------------------------------------------------


def article_with(cast, references, related):
    body = " ".join(f"Claim {n} [@ref{n}]." for n in range(references))
    article = ArticleFactory(body=body)
    for n in range(references):
        ReferenceFactory(
            article=article, key=f"ref{n}", doi=f"10.1000/x{n}", pmid=str(100 + n)
        )
    publish_article(cast, article)
    others = [
        publish_article(cast, topic=article.topic, title=f"Related {n}")
        for n in range(related)
    ]
    article.also_read.set(others)
    return article


@pytest.mark.parametrize(("references", "related"), [(1, 0), (40, 10)])
def test_article_page_stays_within_five_queries(
    client, cast, django_assert_max_num_queries, references, related
):
    article = article_with(cast, references, related)
    with django_assert_max_num_queries(5):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    data = json.loads(JSON_LD.search(response.content.decode()).group(1))
    assert len(data["mainEntity"]["citation"]) == references
    assert response.content.decode().count('class="reference"') == references
