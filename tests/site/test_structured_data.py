"""JSON-LD on article pages: what it says, that it is safe, and that it is free."""

import json
import re
from datetime import UTC, datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from articles.models import Article, Revision
from articles.public import cache as page_cache
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    GuidelineFactory,
    ReferenceFactory,
    approve,
    edit,
    publish_article,
    submit,
)

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)

# Every type and property we emit, each checked against schema.org. A new one
# must be looked up there before it is added here.
SCHEMA_TYPES = {
    "MedicalWebPage", "Article", "ScholarlyArticle", "Book", "WebPage",
    "CreativeWork", "Person", "Organization", "WebSite", "BreadcrumbList",
    "ListItem", "Thing", "MedicalAudience", "Periodical", "PropertyValue",
}  # fmt: skip
SCHEMA_PROPERTIES = {
    "@context", "@type", "@id", "about", "address", "articleSection", "audienceType",
    "author", "breadcrumb", "citation", "dateModified", "datePublished",
    "description", "email", "headline", "honorificSuffix", "identifier", "inLanguage",
    "isPartOf", "item", "itemListElement", "jobTitle", "knowsAbout",
    "lastReviewed", "mainEntity", "medicalAudience", "name", "position",
    "propertyID", "contributor", "publisher", "publishingPrinciples", "reviewedBy",
    "sameAs", "url", "value",
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


FIRST_PUBLISHED = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)


def test_main_entity_is_the_article_with_people_publisher_and_dates(
    client, live_article, cast, site_url
):
    # First published long ago, updated today: the two dates must differ.
    Revision.objects.filter(pk=live_article.live_revision_id).update(
        published_at=FIRST_PUBLISHED
    )
    Article.objects.filter(pk=live_article.pk).update(
        first_published_at=FIRST_PUBLISHED
    )
    edit(live_article, cast.editor, body="Updated [@smith2020] [@who2023].")
    workflow.publish(approve(submit(live_article, cast), cast), by=cast.chief)
    live_article.refresh_from_db()
    revision = live_article.live_revision
    assert (
        revision.number == 2 and revision.published_at.date() > FIRST_PUBLISHED.date()
    )

    data, _, _ = json_ld(client, live_article)
    article = data["mainEntity"]
    assert article["@type"] == "Article"
    assert article["headline"] == "Walking and blood pressure"
    assert article["datePublished"] == "2024-03-01T09:30:00+00:00"
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


def test_reference_authors_are_people_or_organisations_and_never_et_al(client, cast):
    article = ArticleFactory(body="Two sources [@smith2020; @who2023].")
    ReferenceFactory(article=article, authors="Smith J, Jones AB, et al")
    GuidelineFactory(article=article)
    publish_article(cast, article)
    data, _, _ = json_ld(client, article)
    journal, guideline = data["mainEntity"]["citation"]
    assert journal["author"] == [
        {"@type": "Person", "name": "Smith J"},
        {"@type": "Person", "name": "Jones AB"},
    ]
    assert guideline["author"] == [
        {"@type": "Organization", "name": "World Health Organization"}
    ]


def test_publisher_is_the_configured_organisation(client, live_article, settings):
    settings.PUBLISHER_NAME = "Healthwise Media Ltd"
    settings.PUBLISHER_ADDRESS = "12 Harbour Road, Edinburgh EH6 6XX"
    settings.CONTACT_EMAIL = "editors@healthwise.example"
    data, _, _ = json_ld(client, live_article)
    assert data["mainEntity"]["publisher"] == {
        "@type": "Organization",
        "@id": f"{settings.SITE_URL}/#organization",
        "name": "Healthwise Media Ltd",
        "url": f"{settings.SITE_URL}/",
        "publishingPrinciples": f"{settings.SITE_URL}/editorial-policy/",
        "address": "12 Harbour Road, Edinburgh EH6 6XX",
        "email": "editors@healthwise.example",
    }


def test_an_author_whose_profile_was_deleted_keeps_the_credit_without_a_url(
    client, cast, site_url
):
    kept = AuthorFactory(name="Lena Ortiz", slug="lena-ortiz", credentials="RN")
    gone = AuthorFactory(
        name="Tom Baker", slug="tom-baker", credentials="PhD", job_title="Writer"
    )
    article = ArticleFactory(authors=[kept, gone])
    ReferenceFactory(article=article)
    publish_article(cast, article)
    gone.delete()
    data, _, html = json_ld(client, article)
    lena, tom = data["mainEntity"]["author"]
    assert lena["url"] == f"{site_url}/authors/lena-ortiz/"
    # The frozen credit stays; no link to a profile page that now answers 404,
    # just as the visible byline no longer links the name.
    assert tom == {"@type": "Person", "name": "Tom Baker", "honorificSuffix": "PhD"}
    assert "Tom Baker, PhD</p>" in html
    assert client.get("/authors/tom-baker/").status_code == 404


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
    tag = f"p{references}x{related}"  # distinct text: the originality check
    body = " ".join(f"Claim {n} of {tag} [@ref{n}]." for n in range(references))
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


def test_article_page_runs_the_same_five_queries_whatever_it_shows(
    client, cast, settings, monkeypatch
):
    """1 or 40 references, 0 or 10 related articles: the same number of queries."""
    settings.PAGE_CACHE_ENABLED = False  # render every time
    pages = {
        (references, related): article_with(cast, references, related)
        for references in (1, 40)
        for related in (0, 10)
    }
    # The page generation is read at most once a second per process; read it
    # now so that no page below happens to pay for it.
    monkeypatch.setattr(page_cache, "REFRESH_SECONDS", 3600)
    page_cache.current()
    counts = {}
    for (references, related), article in pages.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        data = json.loads(JSON_LD.search(html).group(1))
        assert len(data["mainEntity"]["citation"]) == references
        assert html.count('class="reference"') == references
        assert html.count(">Related ") >= related
        counts[references, related] = len(queries)
    assert set(counts.values()) == {counts[1, 0]}, counts
    assert counts[1, 0] <= 6  # one of them reads the review steps
