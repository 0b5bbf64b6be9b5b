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
    from django.core.cache import cache

    from articles.public.cache import forget_local_copy

    cache.clear()
    forget_local_copy()  # the page generation read from a rolled-back row
    yield
    cache.clear()
    forget_local_copy()
