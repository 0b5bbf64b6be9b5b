"""Every way a registry can fail ends in one plain message, and keeps what was found.

The failure routes (a timeout, a refused connection, a 5xx, an HTML page where
a record should be) are the fake registries' own; the one changed recording is
named where it is used.
"""

import httpx
import pytest

from articles.evidence import crossref, pubmed
from articles.evidence.registries import RegistryError, lookup
from core.refusals import Refusal
from tests.evidence.conftest import (
    html_page,
    refused,
    require_registry_fixtures,
    status,
    timeout,
    to,
)

require_registry_fixtures()

DOI = "10.1016/j.neurobiolaging.2010.03.024"


def failure(identifier, client):
    with pytest.raises(RegistryError) as error:
        lookup(identifier, client=client)
    return error.value


def test_a_timeout_says_who_did_not_answer_and_what_to_do(client, registries):
    registries.answer(to("crossref"), timeout)
    registries.answer(to("idconv"), timeout)

    error = failure(DOI, client)

    assert str(error) == (
        "Crossref did not answer within 10 seconds; type the reference by hand "
        "or try again later."
    )
    assert error.reason == "timeout"


def test_the_timeout_in_the_message_is_the_setting(registries, clock, settings):
    from articles.evidence.client import RegistryClient

    settings.REGISTRY_TIMEOUT = 4
    registries.answer(to("crossref"), timeout)
    with RegistryClient(transport=httpx.MockTransport(registries)) as client:
        with pytest.raises(RegistryError, match="within 4 seconds"):
            crossref.fetch_work(client, DOI)
        assert client.http.timeout.read == 4


def test_no_connection_is_a_plain_message(client, registries):
    registries.answer(to("eutils"), refused)

    error = failure("23121403", client)

    assert str(error) == (
        "PubMed could not be reached; type the reference by hand or try again later."
    )
    assert error.reason == "unreachable"


def test_an_unknown_doi_is_not_registered_at_crossref(client, registries):
    error = failure("10.1234/nothing-here", client)

    assert (
        str(error) == "No work with DOI 10.1234/nothing-here is registered at Crossref."
    )
    assert error.reason == "not-found"


def test_a_server_error_is_named_with_its_code(client, registries):
    registries.answer(to("crossref"), status(502))

    with pytest.raises(RegistryError) as error:
        crossref.fetch_work(client, DOI)

    assert str(error.value) == (
        "Crossref had a problem answering (HTTP 502); try again later or type the "
        "reference by hand."
    )


def test_a_503_without_retry_after_is_an_outage_not_a_wait(client, registries, clock):
    registries.answer(to("crossref"), status(503))

    with pytest.raises(RegistryError, match=r"problem answering \(HTTP 503\)"):
        crossref.fetch_work(client, DOI)
    assert len(registries.requests) == 1 and clock.sleeps == []


def test_an_html_page_instead_of_a_work_is_not_a_work_record(client, registries):
    registries.answer(to("crossref"), html_page)

    with pytest.raises(RegistryError) as error:
        crossref.fetch_work(client, DOI)

    assert str(error.value) == (
        "Crossref answered with something that is not a work record."
    )
    assert error.value.reason == "garbage"


def test_a_list_of_works_is_not_a_work_record(client, registries, registry_fixtures):
    # The one changed recording: Crossref's real list answer (message-type
    # "work-list", journals/1932-6203/works) served where a single work was asked.
    works_list = (
        registry_fixtures / "crossref" / "journals_1932-6203_works_rows30_cursor1.json"
    )
    registries.answer(
        to("crossref"),
        lambda request: httpx.Response(200, content=works_list.read_bytes()),
    )

    with pytest.raises(RegistryError, match="^Crossref answered with something that"):
        crossref.fetch_work(client, DOI)


def test_html_from_pubmed_is_not_a_pubmed_record(client, registries):
    registries.answer(to("eutils"), html_page)  # efetch, then esummary

    with pytest.raises(RegistryError) as error:
        pubmed.fetch_article(client, "23121403")

    assert (
        str(error.value)
        == "PubMed answered with something that is not a PubMed record."
    )
    assert [r.url.path.rsplit("/", 1)[1] for _, r in registries.requests] == [
        "efetch.fcgi",
        "esummary.fcgi",
    ]


def test_a_later_step_failing_keeps_what_the_earlier_ones_found(client, registries):
    registries.answer(to("idconv"), timeout)

    result = lookup(DOI, client=client)

    assert result.fields["title"].startswith("Human umbilical cord blood-derived")
    assert len(result.fields["authors"].split(", ")) == 11
    assert result.sources == ["crossref"]
    assert result.warnings == [
        "The PMC ID converter did not answer within 10 seconds; type the "
        "reference by hand or try again later."
    ]


def test_a_first_step_failing_still_lets_the_others_find_the_record(client, registries):
    registries.answer(to("crossref"), status(500))

    result = lookup("23121403", client=client)

    assert result.fields["container"] == "N Engl J Med"
    assert result.fields["doi"] == "10.1056/NEJMoa1210384"
    assert any("Crossref had a problem answering" in w for w in result.warnings)


def test_after_a_timeout_the_same_registry_is_not_asked_again(client, registries):
    registries.answer(to("eutils"), timeout)

    error = failure("19749171", client)

    # efetch timed out: the ID converter, also NCBI's, is not made to wait too.
    assert registries.hosts() == ["eutils"]
    assert str(error).startswith("PubMed did not answer within 10 seconds")


def test_a_typed_text_that_is_no_identifier_sends_nothing(client, registries):
    error = failure("Smith 2020, Lancet", client)

    assert str(error).startswith("“Smith 2020, Lancet” is not a DOI, PMID or PMCID")
    assert error.reason == "identifier"
    assert registries.requests == []


def test_a_bug_of_ours_still_reaches_the_caller_as_a_registry_error(
    client, registries, monkeypatch
):
    def broken(*args):
        raise ZeroDivisionError

    monkeypatch.setattr("articles.evidence.registries.merge", broken)

    error = failure(DOI, client)

    assert error.reason == "unexpected"
    assert "type the reference by hand" in str(error)


@pytest.mark.parametrize(
    "answer", [timeout, refused, html_page, status(404), status(500), status(403)]
)
def test_every_failure_is_a_refusal_the_admin_shows(client, registries, answer):
    registries.answer(lambda request: True, answer)

    error = failure(DOI, client)

    assert isinstance(error, Refusal)
    assert error.message == str(error) and error.message.endswith(".")
