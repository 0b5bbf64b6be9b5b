"""Who publishes the site, who answers for it and how to reach them.

Readers and search engines judge a health site by whether it says this (JAMA's
benchmarks, HONcode); production is warned by `check --deploy` when it cannot.
"""

import secrets

import pytest
from django.core import checks

from tests.processes import manage

PUBLISHER = {
    "PUBLISHER_NAME": "Healthwise Media Ltd",
    "PUBLISHER_ADDRESS": "12 Harbour Road, Leith, Edinburgh EH6 6XX, United Kingdom",
    "RESPONSIBLE_EDITOR": "Dr Maya Chen, editor-in-chief",
    "CONTACT_EMAIL": "editors@healthwise.example",
}


@pytest.fixture
def publisher(settings):
    for name, value in PUBLISHER.items():
        setattr(settings, name, value)


def test_about_page_names_the_publisher_address_and_responsible_editor(
    client, db, publisher
):
    html = client.get("/about/").content.decode()
    assert "Vetted Health is published by Healthwise Media Ltd" in html
    assert "accountable for what we publish is Dr Maya Chen, editor-in-chief" in html
    assert '<address class="publisher">' in html
    assert "<dt>Postal address</dt><dd>12 Harbour Road, Leith, Edinburgh" in html
    assert "run by the Vetted Health editorial team" not in html
    assert '<a href="mailto:editors@healthwise.example">' in html


def test_contact_page_gives_the_address_and_who_is_responsible(client, db, publisher):
    html = client.get("/contact/").content.decode()
    assert (
        '<a href="mailto:editors@healthwise.example">editors@healthwise.example</a>'
    ) in html
    assert "<h2>Who is responsible</h2>" in html
    assert "<dd>Healthwise Media Ltd</dd>" in html
    assert "<dd>Dr Maya Chen, editor-in-chief</dd>" in html
    assert "12 Harbour Road" in html


def test_every_footer_names_the_publisher_and_its_contact(
    client, public_paths, settings
):
    for name, value in PUBLISHER.items():
        setattr(settings, name, value)
    for path in public_paths:
        html = client.get(path).content.decode()
        footer = html[html.index("<footer") :]
        assert "Published by Healthwise Media Ltd." in footer, path
        assert 'href="mailto:editors@healthwise.example"' in footer, path


def test_without_the_settings_pages_fall_back_and_invent_nothing(client, db, settings):
    settings.PUBLISHER_NAME = settings.PUBLISHER_ADDRESS = ""
    settings.RESPONSIBLE_EDITOR = settings.CONTACT_EMAIL = ""
    about = client.get("/about/").content.decode()
    assert "run by the Vetted Health editorial team" in about
    assert "<address" not in about and "Published by" not in about
    contact = client.get("/contact/").content.decode()
    assert "mailto:" not in contact and "Who is responsible" not in contact
    assert "use the feedback form on any article" in contact


def test_check_deploy_warns_when_publisher_or_contact_is_missing(settings):
    settings.PUBLISHER_NAME = ""
    settings.CONTACT_EMAIL = "not an address"
    found = {m.id: m for m in checks.run_checks(include_deployment_checks=True)}
    assert found["cms.W001"].level == checks.WARNING
    assert "PUBLISHER_NAME" in found["cms.W001"].msg
    assert found["cms.W002"].level == checks.WARNING
    # Only a deployment check: `manage.py check` alone does not run it.
    assert not {"cms.W001", "cms.W002"} & {m.id for m in checks.run_checks()}

    settings.PUBLISHER_NAME = "Healthwise Media Ltd"
    settings.CONTACT_EMAIL = "editors@healthwise.example"
    ids = {m.id for m in checks.run_checks(include_deployment_checks=True)}
    assert not {"cms.W001", "cms.W002"} & ids


def test_manage_check_deploy_fails_in_production_without_them():
    production = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "health.example.org",
    }
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production)
    assert result.returncode != 0
    assert "cms.W001" in result.stderr and "PUBLISHER_NAME is not set" in result.stderr
    assert "cms.W002" in result.stderr and "CONTACT_EMAIL" in result.stderr


def test_local_development_gets_demo_publisher_details_and_env_wins():
    code = (
        "from django.conf import settings as s;"
        "print(s.PUBLISHER_NAME, s.CONTACT_EMAIL, sep='|')"
    )
    debug = manage("shell", "-c", code, DEBUG="1").stdout.splitlines()[-1]
    assert debug == "Vetted Health Demo Ltd|editors@vetted.example"
    chosen = manage(
        "shell", "-c", code, DEBUG="1", PUBLISHER_NAME="Healthwise Media Ltd"
    ).stdout.splitlines()[-1]
    assert chosen == "Healthwise Media Ltd|editors@vetted.example"
