"""The article form's "Look up" endpoint: the registries' fields as JSON, or why not.

The registries are the fake ones of tests/evidence/conftest.py, serving the
real recorded answers in ../shared/fixtures/registries (a request with no
recording gets a 404); failures are its failure routes.
"""

import httpx
import pytest
from django.urls import reverse

from articles.models import Article, Reference
from tests.admin_forms import change_url
from tests.evidence.conftest import (
    MISSING,
    REGISTRY_FIXTURES,
    FakeClock,
    FakeRegistries,
    require_registry_fixtures,
    timeout,
    to,
)
from tests.factories import ArticleFactory, ReferenceFactory, UserFactory

require_registry_fixtures()

pytestmark = pytest.mark.django_db

LOOKUP = "/admin/articles/article/lookup-reference/"
NEUROBIOL_AGING = "10.1016/j.neurobiolaging.2010.03.024"
NEUROBIOL_AGING_TITLE = (
    "Human umbilical cord blood-derived mesenchymal stem cells improve "
    "neuropathology and cognitive impairment in an Alzheimer's disease mouse "
    "model through modulation of neuroinflammation"
)


@pytest.fixture
def registries(monkeypatch):
    """The fake registries, installed as the default transport the endpoint uses."""
    if not REGISTRY_FIXTURES.is_dir():
        pytest.skip(MISSING)
    fake = FakeRegistries(REGISTRY_FIXTURES, FakeClock())
    monkeypatch.setattr("articles.evidence.client.transport", httpx.MockTransport(fake))
    return fake


@pytest.fixture
def article(cast):
    article = ArticleFactory(created_by=cast.editor)
    ReferenceFactory(article=article)
    return article


def look_up(client, identifier, article=None, keys=()):
    data = {"identifier": identifier, "keys": list(keys)}
    if article is not None:
        data["article"] = article.pk
    return client.post(LOOKUP, data)


def test_the_url_is_the_admins(groups):
    assert reverse("admin:articles_article_lookup_reference") == LOOKUP


def test_a_doi_answers_the_fields_of_a_new_reference(client, cast, article, registries):
    client.force_login(cast.editor)

    response = look_up(client, NEUROBIOL_AGING, article, keys=["smith2020"])

    assert response.status_code == 200
    body = response.json()
    assert body["fields"] == {
        "key": "lee2012",
        "kind": "journal",
        "authors": (
            "Lee HJ, Lee JK, Lee H, Carter JE, Chang JW, Oh W, Yang YS, Suh JG, "
            "Lee BH, Jin HK, Bae JS"
        ),
        "first_authors_only": False,
        "title": NEUROBIOL_AGING_TITLE,
        "container": "Neurobiology of Aging",
        "year": 2012,
        "volume": "33",
        "issue": "3",
        "pages": "588-602",
        "doi": NEUROBIOL_AGING,
        "pmid": "",
        "pmcid": "",
        "url": "",
        "peer_reviewed": True,
    }
    assert body["sources"] == ["crossref"]
    # PMC has no record of it: the editor is told, the look-up still succeeds.
    assert body["warnings"] == [
        f"The PMC ID converter knows no article with DOI {NEUROBIOL_AGING}."
    ]
    # Nothing is saved: the form does that, when the editor saves it.
    assert list(article.references.values_list("key", flat=True)) == ["smith2020"]


def test_the_key_is_unique_among_the_keys_typed_in_the_form(
    client, cast, article, registries
):
    client.force_login(cast.editor)

    response = look_up(
        client, NEUROBIOL_AGING, article, keys=["smith2020", "LEE2012", "lee2012a"]
    )

    assert response.json()["fields"]["key"] == "lee2012b"


def test_a_pubmed_address_is_looked_up_by_its_pmid(client, cast, article, registries):
    client.force_login(cast.editor)

    response = look_up(client, "https://pubmed.ncbi.nlm.nih.gov/35649368/", article)

    body = response.json()
    assert response.status_code == 200
    assert body["fields"]["key"] == "li2022"
    assert body["fields"]["pmid"] == "35649368"
    assert body["fields"]["doi"] == "10.1016/j.celrep.2022.110870"
    assert body["sources"] == ["pubmed"]
    assert (
        "PubMed lists an erratum for this article (Cell Rep. 2022 Jun 28;39(13):"
        "111044. doi: 10.1016/j.celrep.2022.111044)."
    ) in body["warnings"]


def test_the_add_form_may_look_up_before_the_article_exists(client, cast, registries):
    client.force_login(cast.editor)

    response = look_up(client, "23121403")

    assert response.status_code == 200
    assert response.json()["fields"]["key"] == "brighton2012"
    assert not Article.objects.exists() and not Reference.objects.exists()


def test_a_timeout_is_a_502_with_the_plain_message(client, cast, article, registries):
    registries.answer(to("crossref"), timeout)
    registries.answer(to("idconv"), timeout)
    client.force_login(cast.editor)

    response = look_up(client, NEUROBIOL_AGING, article)

    assert response.status_code == 502
    error = response.json()["error"]
    assert error.startswith("Crossref did not answer within")
    assert "type the reference by hand" in error
    assert set(response.json()) == {"error"}


def test_an_unknown_doi_is_a_400_naming_it(client, cast, article, registries):
    client.force_login(cast.editor)

    response = look_up(client, "10.1000/nothing-recorded", article)

    assert response.status_code == 400
    assert response.json() == {
        "error": "No work with DOI 10.1000/nothing-recorded is registered at Crossref."
    }


def test_text_that_is_no_identifier_is_a_400_and_asks_nobody(
    client, cast, article, registries
):
    client.force_login(cast.editor)

    response = look_up(client, "Smith 2020 walking trial", article)

    assert response.status_code == 400
    assert "is not a DOI, PMID or PMCID" in response.json()["error"]
    assert registries.requests == []


def test_an_empty_box_is_a_400_saying_what_to_type(client, cast, article, registries):
    client.force_login(cast.editor)

    response = look_up(client, "   ", article)

    assert response.status_code == 400
    assert response.json() == {
        "error": "Type a DOI, PMID or PMCID, or paste its address."
    }


@pytest.mark.parametrize("who", ["moderator", "reviewer", "plain staff"])
def test_staff_who_may_not_edit_the_article_get_a_403_and_no_lookup(
    client, cast, article, registries, who
):
    user = {
        "moderator": lambda: cast.moderator,
        "reviewer": lambda: cast.reviewer.user,
        "plain staff": lambda: UserFactory(username="plain"),
    }[who]()
    client.force_login(user)

    response = look_up(client, NEUROBIOL_AGING, article)

    assert response.status_code == 403
    assert "permission" in response.json()["error"]
    assert registries.requests == []


def test_anonymous_visitors_are_sent_to_the_login_page(client, article, registries):
    response = look_up(client, NEUROBIOL_AGING, article)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert registries.requests == []


def test_get_is_not_allowed(client, cast, registries):
    client.force_login(cast.editor)

    assert client.get(LOOKUP, {"identifier": NEUROBIOL_AGING}).status_code == 405
    assert registries.requests == []


def test_an_article_that_does_not_exist_is_a_404(client, cast, registries):
    client.force_login(cast.editor)

    response = client.post(LOOKUP, {"identifier": NEUROBIOL_AGING, "article": "999"})

    assert response.status_code == 404
    assert registries.requests == []


def test_without_the_csrf_token_the_post_is_refused(cast, article, registries):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.editor)

    response = look_up(client, NEUROBIOL_AGING, article)

    assert response.status_code == 403
    assert registries.requests == []


# The box on the form ---------------------------------------------------------------


def test_the_change_form_has_the_box_hidden_until_the_script_shows_it(
    client, cast, article
):
    client.force_login(cast.editor)

    html = client.get(change_url(article)).content.decode()

    assert 'id="reference-lookup" hidden' in html
    assert f'data-url="{LOOKUP}"' in html
    assert f'data-article="{article.pk}"' in html
    assert (
        '<label for="reference-lookup-identifier">DOI, PMID or PMCID (or its '
        "address)</label>"
    ) in html
    assert ">Look up</button>" in html
    assert 'role="status" aria-live="polite"' in html
    assert "js/reference-tools.js" in html
    # The identifier box has no name: saving the form never posts it.
    assert 'name="reference-lookup' not in html


def test_the_add_form_has_the_box_too(client, cast):
    client.force_login(cast.editor)

    html = client.get(reverse("admin:articles_article_add")).content.decode()

    assert 'id="reference-lookup" hidden' in html
    assert 'data-article=""' in html


def test_a_reviewer_reading_the_article_sees_no_box(client, cast, article):
    client.force_login(cast.reviewer.user)

    html = client.get(change_url(article)).content.decode()

    assert "reference-lookup" not in html
    assert "Import references" not in html
