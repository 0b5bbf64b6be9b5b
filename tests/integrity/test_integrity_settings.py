"""The integrity settings: defaults, overrides, and values that mean nothing."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from django.utils import timezone

from articles import integrity
from articles.integrity import config
from tests.factories import submit
from tests.integrity.texts import HANDWASHING, draft

pytestmark = pytest.mark.django_db

NAMES = list(config.DEFAULTS)

# Grade 13 (Flesch-Kincaid).
HARD = (
    "Regular physical activity lowers blood pressure and improves sleep quality "
    "for most adults."
)


@pytest.fixture(autouse=True)
def defaults(settings, monkeypatch):
    """Start from the defaults: nothing in settings or the environment."""
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
        if hasattr(settings, name):
            delattr(settings, name)


def aged(years):
    year = timezone.localdate().year - years
    return {"key": f"ref{years}", "title": "A study", "year": year}


def citations_with(ages):
    text = " ".join(f"Claim [@ref{years}]." for years in ages)
    refs = [aged(years) for years in ages]
    return integrity.build_report(text, references=refs)["citations"]


def test_references_older_than_ten_years_are_flagged_by_default():
    found = citations_with([11, 9])

    assert found["max_age_years"] == 10
    assert [ref["key"] for ref in found["old_references"]] == ["ref11"]


def test_the_reference_age_comes_from_settings(settings):
    settings.INTEGRITY_MAX_REFERENCE_AGE_YEARS = 5

    found = citations_with([11, 9, 4])
    assert found["max_age_years"] == 5
    assert [ref["key"] for ref in found["old_references"]] == ["ref11", "ref9"]


def test_the_reference_age_can_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("INTEGRITY_MAX_REFERENCE_AGE_YEARS", "20")

    assert citations_with([11])["old_references"] == []


def test_the_target_grade_is_eight_by_default():
    found = integrity.build_report(HARD)["readability"]

    assert found["target"] == 8
    assert found["above_target"]


def test_the_target_grade_comes_from_settings(settings):
    grade = integrity.build_report(HARD)["readability"]["grade"]
    settings.INTEGRITY_TARGET_GRADE = grade + 1

    found = integrity.build_report(HARD)["readability"]
    assert found["target"] == grade + 1
    assert not found["above_target"]


@pytest.mark.parametrize("value", [0.2, "0.2", 20, "20", "20%", " 20% "])
def test_the_overlap_limit_is_a_share_or_a_percentage(settings, value):
    settings.INTEGRITY_MAX_OVERLAP = value

    assert integrity.max_overlap() == pytest.approx(0.2)


def test_one_means_everything_and_one_percent_a_hundredth(settings):
    settings.INTEGRITY_MAX_OVERLAP = 1
    assert integrity.max_overlap() == 1
    settings.INTEGRITY_MAX_OVERLAP = "1%"
    assert integrity.max_overlap() == pytest.approx(0.01)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("INTEGRITY_MAX_OVERLAP", "twenty"),
        ("INTEGRITY_MAX_OVERLAP", -0.1),
        ("INTEGRITY_MAX_OVERLAP", 250),
        ("INTEGRITY_MAX_OVERLAP", "120%"),
        ("INTEGRITY_MAX_OVERLAP", "nan"),
        ("INTEGRITY_MAX_REFERENCE_AGE_YEARS", "ten"),
        ("INTEGRITY_MAX_REFERENCE_AGE_YEARS", 0),
        ("INTEGRITY_MAX_REFERENCE_AGE_YEARS", "7.5"),
        ("INTEGRITY_TARGET_GRADE", "easy"),
        ("INTEGRITY_TARGET_GRADE", 0),
        ("INTEGRITY_TARGET_GRADE", 80),
    ],
)
def test_a_meaningless_setting_fails_the_system_check(settings, name, value):
    setattr(settings, name, value)

    [error] = config.check_settings()
    assert error.id == "articles.E101"
    assert name in error.msg
    with pytest.raises(SystemCheckError, match=name):
        call_command("check")


def test_the_defaults_pass_the_system_check():
    assert config.check_settings() == []


def test_a_meaningless_setting_is_explained_at_submission(cast, settings):
    settings.INTEGRITY_MAX_OVERLAP = "20 percent"

    with pytest.raises(ImproperlyConfigured, match="INTEGRITY_MAX_OVERLAP"):
        submit(draft(HANDWASHING), cast)


def test_the_editorial_policy_quotes_the_configured_age(client, settings):
    settings.INTEGRITY_MAX_REFERENCE_AGE_YEARS = 7

    page = client.get(reverse("editorial-policy")).content.decode()
    assert "more than 7 years old" in page
