import pytest

from tests.factories import Cast


@pytest.fixture
def cast(db):
    return Cast()


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
