"""Shared helpers for the evidence tests: the recorded registry answers and fakes.

The recorded answers (real responses of Crossref, NCBI and the PMC ID
converter, and real export files) live outside the repository, in
``../shared/fixtures/registries`` (SOURCES.md there says which request each
file answers). Tests read them where they are and never copy them. Without the
folder those tests skip; under CI (``CI`` set) a test module that calls
``require_registry_fixtures()`` fails at collection instead, so a missing
folder cannot pass for green.
"""

import os
import uuid
from pathlib import Path

import httpx
import pytest
from django.conf import settings

REGISTRY_FIXTURES = (
    Path(settings.BASE_DIR).parent / "shared" / "fixtures" / "registries"
)
MISSING = (
    "../shared/fixtures/registries is not here: the recorded registry answers "
    f"are read from {REGISTRY_FIXTURES}"
)


def require_registry_fixtures():
    """At module level: under CI, fail the module if the recordings are missing."""
    if os.environ.get("CI") and not REGISTRY_FIXTURES.is_dir():
        pytest.fail(f"{MISSING} (CI is set, so this fails, not skips)", pytrace=False)


@pytest.fixture
def registry_fixtures():
    """Return the folder of recorded registry answers; skip if it is missing."""
    if not REGISTRY_FIXTURES.is_dir():
        pytest.skip(MISSING)
    return REGISTRY_FIXTURES


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """A local-memory cache of this test's own, so no answer or slot leaks."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"evidence-{uuid.uuid4()}",
        }
    }


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """A request no test routed fails as a refused connection, never leaves."""

    def refuse(request):
        raise httpx.ConnectError(f"unrouted in tests: {request.url}", request=request)

    monkeypatch.setattr(
        "articles.evidence.client.transport", httpx.MockTransport(refuse)
    )


class FakeClock:
    """Wall-clock time that moves only when slept on; records every sleep."""

    def __init__(self, now=1_800_000_000.0):
        self.now = now
        self.sleeps = []

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


class FakeRegistries:
    """Answer registry requests with the recorded responses, as the registry would.

    - Crossref ``GET /works/{doi}``: ``crossref/works_{doi, "/" as "_"}.json``;
    - E-utilities ``efetch.fcgi`` / ``esummary.fcgi`` ``?id=PMID``:
      ``ncbi/efetch_pubmed_{PMID}*.xml`` / ``ncbi/esummary_pubmed_{PMID}.json``;
    - the PMC ID converter ``?ids=X&idtype=T``: ``ncbi/idconv_{T}_{X}.json``.

    A request with no recording gets a bare 404 (no body is put in a registry's
    mouth). ``answer(predicate, respond, times=None)`` routes matching requests
    to RESPOND (a function of the request) instead: the failure routes below.
    Every request is kept in ``requests`` with the fake time it was sent.
    """

    def __init__(self, root, clock):
        self.root, self.clock = root, clock
        self.requests = []
        self.routes = []

    def answer(self, predicate, respond, times=None):
        self.routes.append([predicate, respond, times])

    def recording(self, request):
        url = request.url
        name = url.path.rsplit("/", 1)[-1]
        if url.host.startswith("crossref"):
            doi = url.path.removeprefix("/works/")
            return self.root / "crossref" / f"works_{doi.replace('/', '_')}.json"
        if name in {"efetch.fcgi", "esummary.fcgi"}:
            stem, ext = (
                name.split(".")[0],
                "xml" if name.startswith("efetch") else "json",
            )
            found = sorted(
                (self.root / "ncbi").glob(f"{stem}_pubmed_{url.params['id']}*.{ext}")
            )
            return found[0] if found else None
        ids = url.params.get("ids", "").replace("/", "_")
        return self.root / "ncbi" / f"idconv_{url.params.get('idtype')}_{ids}.json"

    def __call__(self, request):
        self.requests.append((self.clock.now, request))
        for route in self.routes:
            predicate, respond, times = route
            if predicate(request) and times != 0:
                route[2] = None if times is None else times - 1
                return respond(request)
        path = self.recording(request)
        if path is None or not path.is_file():
            return httpx.Response(404)
        return httpx.Response(200, content=path.read_bytes())

    def urls(self):
        return [str(request.url) for _, request in self.requests]

    def hosts(self):
        return [request.url.host.split(".")[0] for _, request in self.requests]


def to(host):
    """Return a predicate matching requests to the fake registry HOST."""
    return lambda request: request.url.host.startswith(host)


def timeout(request):
    raise httpx.ReadTimeout("timed out", request=request)


def refused(request):
    raise httpx.ConnectError("connection refused", request=request)


def html_page(request):
    return httpx.Response(
        200, html="<html><body><h1>Service maintenance</h1></body></html>"
    )


def status(code, **headers):
    return lambda request: httpx.Response(code, headers=headers)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def registries(registry_fixtures, clock, monkeypatch):
    """The fake registries, also installed as the default transport (commands)."""
    fake = FakeRegistries(registry_fixtures, clock)
    monkeypatch.setattr("articles.evidence.client.transport", httpx.MockTransport(fake))
    return fake


@pytest.fixture
def client(registries, clock):
    """A RegistryClient talking to the fake registries on the fake clock."""
    from articles.evidence.client import RegistryClient

    with RegistryClient(
        transport=httpx.MockTransport(registries), clock=clock.time, sleep=clock.sleep
    ) as client:
        yield client


# The eLife paper every recorded export file holds (10.7554/eLife.32822).
ELIFE = "Sci-Hub provides access to nearly all scholarly literature"


def elife_draft(**article_fields):
    """Return a draft citing the eLife paper by DOI only, its details left empty."""
    from tests.factories import ArticleFactory, ReferenceFactory

    article = ArticleFactory(slug="open-access", **article_fields)
    ReferenceFactory(
        article=article,
        key="scihub",
        authors="",
        title=ELIFE,
        container="",
        year=2018,
        volume="",
        pages="",
        doi="10.7554/ELIFE.32822",
        pmid="",
        position=3,
    )
    article.refresh_from_db()
    return article
