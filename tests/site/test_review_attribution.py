"""Readers see who checked the facts and who reviewed the text, as they stood
when each approved it; the reviewer's page shows the registration checked."""

import json
import re

from django.urls import reverse

from articles.models import Registration
from tests.factories import page, publish_article

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html):
    return json.loads(JSON_LD.search(html).group(1))


def test_the_page_names_the_fact_checker_and_the_reviewer_with_links(client, cast):
    article = publish_article(cast, title="Vitamin D in winter")
    html = page(client, article).content.decode()
    assert (
        'Fact checked by <a href="/fact-checkers/sam-okafor/">Sam Okafor, MSc</a>'
        in html
    )
    assert (
        'Medically reviewed by <a href="/reviewers/priya-raman/">Priya Raman, MD, '
        "MRCP</a>" in html
    )
    assert html.index("Fact checked by") < html.index("Medically reviewed by")
    data = json_ld(html)
    assert data["reviewedBy"]["name"] == "Priya Raman"
    assert data["reviewedBy"]["honorificSuffix"] == "MD, MRCP"
    assert data["contributor"]["name"] == "Sam Okafor"
    assert data["contributor"]["jobTitle"] == "Fact checker"
    assert data["contributor"]["url"].endswith("/fact-checkers/sam-okafor/")


def test_editing_a_profile_afterwards_changes_neither_the_page_nor_the_json_ld(
    client, cast
):
    article = publish_article(cast)
    cast.reviewer.name, cast.reviewer.credentials = "Somebody Else", "PhD"
    cast.reviewer.save()
    cast.fact_checker.name = "Another Name"
    cast.fact_checker.save()
    html = page(client, article).content.decode()
    assert "Priya Raman, MD, MRCP" in html and "Sam Okafor, MSc" in html
    assert "Somebody Else" not in html and "Another Name" not in html
    data = json_ld(html)
    assert (data["reviewedBy"]["name"], data["contributor"]["name"]) == (
        "Priya Raman",
        "Sam Okafor",
    )


def test_the_history_lists_each_step_of_each_publication(client, cast):
    article = publish_article(cast)
    html = page(client, article).content.decode()
    history = html[html.index('id="history-heading"') :]
    assert "Fact checked by" in history and "Medically reviewed by" in history


def test_the_reviewer_page_shows_the_registration_and_when_it_was_checked(client, cast):
    publish_article(cast)
    registration = Registration.objects.get(reviewer=cast.reviewer)
    html = client.get(cast.reviewer.get_absolute_url()).content.decode()
    assert f"General Medical Council, {registration.number}" in html
    assert "Registration last verified" in html
    registration.status = Registration.Status.LAPSED  # as saved in the admin
    registration.save()
    html = client.get(cast.reviewer.get_absolute_url()).content.decode()
    assert registration.number not in html


def test_the_fact_checker_page_lists_what_they_checked(client, cast):
    article = publish_article(cast, title="Folic acid before pregnancy")
    html = client.get(cast.fact_checker.get_absolute_url()).content.decode()
    assert "Fact checker" in html and "Folic acid before pregnancy" in html
    assert article.get_absolute_url() in html
    missing = reverse("articles:fact_checker", args=["nobody-here"])
    assert client.get(missing).status_code == 404
