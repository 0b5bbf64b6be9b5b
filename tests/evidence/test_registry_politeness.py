"""The registries are asked politely: cached, paced, identified, told to wait.

Time is a fake clock (conftest.FakeClock): waiting advances it, so the pace and
Retry-After are measured without sleeping for real.
"""

import email.utils

import httpx
import pytest
from django.core.cache.backends.base import BaseCache

from articles.evidence import crossref, pubmed
from articles.evidence.client import RegistryClient
from articles.evidence.registries import RegistryError, lookup
from tests.evidence.conftest import require_registry_fixtures, status, to

require_registry_fixtures()

DOIS = (
    "10.1016/j.neurobiolaging.2010.03.024",
    "10.1136/jclinpath-2020-206745",
    "10.1371/journal.pone.0033693",
)
PMIDS = ("23121403", "35649368", "38147649")


def sent_at(registries, host):
    return [
        when
        for when, request in registries.requests
        if request.url.host.startswith(host)
    ]


def gaps(times):
    return [
        round(later - earlier, 3)
        for earlier, later in zip(times[:-1], times[1:], strict=True)
    ]


def test_a_second_lookup_of_the_same_identifier_sends_nothing(client, registries):
    first = lookup("23121403", client=client)
    asked = len(registries.requests)
    assert asked == 2  # efetch, then Crossref with the DOI it gave

    second = lookup("https://pubmed.ncbi.nlm.nih.gov/23121403", client=client)

    assert len(registries.requests) == asked
    assert second.fields == first.fields


def test_the_cache_is_shared_by_every_client(registries, clock):
    transport = httpx.MockTransport(registries)
    for _ in range(2):
        with RegistryClient(
            transport=transport, clock=clock.time, sleep=clock.sleep
        ) as c:
            crossref.fetch_work(c, DOIS[0])
    assert len(registries.requests) == 1


def test_a_failed_answer_is_not_kept(client, registries):
    registries.answer(to("crossref"), status(500), times=1)

    with pytest.raises(RegistryError):
        crossref.fetch_work(client, DOIS[0])
    record = crossref.fetch_work(client, DOIS[0])

    assert record.doi == DOIS[0]
    assert len(registries.requests) == 2


@pytest.mark.parametrize(
    ("contact", "gap"), [("editors@vetted.invalid", 0.2), ("", 0.334)]
)
def test_crossref_gets_at_most_5_requests_a_second_or_3_without_contact(
    client, registries, clock, settings, contact, gap
):
    settings.REGISTRY_CONTACT_EMAIL = contact
    for doi in DOIS:
        crossref.fetch_work(client, doi)

    times = sent_at(registries, "crossref")
    assert len(times) == 3
    assert all(g >= gap - 0.001 for g in gaps(times))
    assert clock.now - times[0] < 3 * gap  # waited only as long as needed


@pytest.mark.parametrize(("api_key", "gap"), [("", 0.5), ("a-key", 0.125)])
def test_ncbi_gets_at_most_2_requests_a_second_or_8_with_an_api_key(
    client, registries, settings, api_key, gap
):
    settings.NCBI_API_KEY = api_key
    for pmid in PMIDS:
        pubmed.fetch_article(client, pmid)

    times = sent_at(registries, "eutils")
    assert all(g >= gap - 0.001 for g in gaps(times))
    assert all(g < 2 * gap for g in gaps(times))


def test_the_pace_is_shared_between_processes_through_the_cache(registries, clock):
    # Two clients stand for two app servers: they share only Django's cache.
    transport = httpx.MockTransport(registries)
    one = RegistryClient(transport=transport, clock=clock.time, sleep=clock.sleep)
    two = RegistryClient(transport=transport, clock=clock.time, sleep=clock.sleep)
    pubmed.fetch_article(one, PMIDS[0])
    pubmed.fetch_article(two, PMIDS[1])

    assert gaps(sent_at(registries, "eutils")) == [0.501]
    assert clock.sleeps  # the second waited for its slot


def test_no_free_slot_within_the_timeout_is_a_plain_failure(client, registries, clock):
    # Every slot of the next REGISTRY_TIMEOUT seconds is someone else's.
    from django.core.cache import cache

    for slot in range(int(clock.now * 5), int((clock.now + 11) * 5) + 1):
        cache.add(f"evidence:slot:crossref:5:{slot}", 1, 60)

    with pytest.raises(RegistryError) as error:
        crossref.fetch_work(client, DOIS[0])

    assert error.value.reason == "busy"
    assert str(error.value) == (
        "Too many look-ups are waiting for Crossref right now; try again in a "
        "minute or type the reference by hand."
    )
    assert registries.requests == []


def test_a_short_retry_after_is_waited_and_the_request_tried_once_more(
    client, registries, clock
):
    registries.answer(to("crossref"), status(429, **{"Retry-After": "2"}), times=1)

    record = crossref.fetch_work(client, DOIS[0])

    assert record.doi == DOIS[0]
    assert 2 in clock.sleeps
    assert gaps(sent_at(registries, "crossref"))[0] >= 2


def test_retry_after_as_a_date_is_understood(client, registries, clock):
    when = email.utils.formatdate(clock.now + 3, usegmt=True)
    registries.answer(to("eutils"), status(503, **{"Retry-After": when}), times=1)

    record = pubmed.fetch_article(client, "23121403")

    assert record.pmid == "23121403"
    assert clock.sleeps and 2 <= clock.sleeps[-1] <= 3


def test_a_long_retry_after_fails_at_once_saying_how_long(client, registries, clock):
    registries.answer(to("crossref"), status(429, **{"Retry-After": "120"}))

    with pytest.raises(RegistryError) as error:
        crossref.fetch_work(client, DOIS[0])

    assert str(error.value) == (
        "Crossref asked us to wait 120 seconds before asking again; try again "
        "later or type the reference by hand."
    )
    assert len(registries.requests) == 1
    assert clock.sleeps == []


def test_a_registry_still_asking_to_wait_after_the_retry_is_a_failure(
    client, registries
):
    registries.answer(to("crossref"), status(429, **{"Retry-After": "1"}))

    with pytest.raises(RegistryError, match="asked us to wait 1 seconds"):
        crossref.fetch_work(client, DOIS[0])

    assert len(registries.requests) == 2  # tried once more, not again and again


def test_too_many_requests_without_retry_after_is_not_retried(client, registries):
    registries.answer(to("crossref"), status(429))

    with pytest.raises(RegistryError, match="receiving too many requests"):
        crossref.fetch_work(client, DOIS[0])
    assert len(registries.requests) == 1


def test_every_request_says_who_is_asking(client, registries, settings):
    settings.NCBI_API_KEY = "a-key"
    lookup("23121403", client=client)

    (_, efetch), (_, works) = registries.requests
    assert efetch.url.params["tool"] == "vetted"
    assert efetch.url.params["email"] == "tests@vetted.invalid"
    assert efetch.url.params["api_key"] == "a-key"
    assert works.url.params["mailto"] == "tests@vetted.invalid"
    assert "api_key" not in works.url.params  # NCBI's key stays with NCBI
    assert "mailto:tests@vetted.invalid" in works.headers["User-Agent"]


class BrokenCache(BaseCache):
    """A cache whose server is down: every call fails, as Redis's would."""

    def __init__(self, *args, **kwargs):
        super().__init__({})

    def _fail(self, *args, **kwargs):
        raise ConnectionError("cache server down")

    add = get = set = delete = incr = clear = _fail


def test_a_failing_cache_costs_requests_but_never_the_lookup(
    client, registries, settings
):
    settings.CACHES = {
        "default": {"BACKEND": f"{__name__}.BrokenCache", "LOCATION": "broken"}
    }

    first = lookup("23121403", client=client)
    second = lookup("23121403", client=client)

    assert first.fields == second.fields
    assert first.fields["container"] == "N Engl J Med"
    assert len(registries.requests) == 4  # nothing could be kept
    # The pace is still kept, in this process's memory.
    assert gaps(sent_at(registries, "eutils")) == [pytest.approx(0.5, abs=0.01)]
