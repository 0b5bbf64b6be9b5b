"""Fixtures of the hostile-input tests."""

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.FEEDBACK_RATE = "100000/m"
    settings.PAGE_CACHE_ENABLED = False  # savepoints roll back; a cache would not


@pytest.fixture
def login(cast):
    """Return a logged-in test client for one of the cast's roles."""

    def client_for(user):
        client = Client()
        client.force_login(user)
        return client

    return client_for
