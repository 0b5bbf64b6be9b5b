import httpx
import pytest

from tests.factories import Cast


@pytest.fixture
def groups(db):
    """Make sure the role groups exist (a transactional test's flush removes them)."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    from articles.workflow.roles import ROLE_PERMISSIONS, sync_groups

    if Group.objects.filter(name__in=ROLE_PERMISSIONS).count() < len(ROLE_PERMISSIONS):
        sync_groups(apps)


@pytest.fixture
def cast(groups):
    return Cast()


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache, caches

    from articles.public.cache import forget_local_copy

    cache.clear()
    forget_local_copy()  # the page generation read from a rolled-back row
    yield
    cache.clear()
    forget_local_copy()
    # The limits cache (rate limits) is a database table in tests: a test's
    # transaction rolls its counts back, but a transactional test (live servers,
    # browsers) commits them, so the next test would start throttled.
    try:
        caches["limits"].clear()
    except RuntimeError:  # no database access in this test: nothing was counted
        pass


@pytest.fixture(autouse=True)
def _no_registry_network(monkeypatch):
    """Registry requests fail at once as a refused connection, never leave.

    Every submission checks its references against the registries (the
    integrity report's registry check), and the factories' reference has a
    DOI: without this, each would ask the name server about
    ``*.registry.invalid`` (tests/settings.py). A test that serves recorded
    answers installs its own transport over this one (tests/evidence/conftest.py).
    """

    def refuse(request):
        raise httpx.ConnectError(f"unrouted in tests: {request.url}", request=request)

    monkeypatch.setattr(
        "articles.evidence.client.transport", httpx.MockTransport(refuse)
    )
