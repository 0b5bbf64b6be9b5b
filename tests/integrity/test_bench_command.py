"""`manage.py bench_integrity` builds a corpus, times checks and leaves no trace."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article, RevisionFingerprint

pytestmark = pytest.mark.django_db


def test_bench_prints_build_and_check_times_and_rolls_back():
    out = io.StringIO()
    call_command(
        "bench_integrity",
        articles=40,
        words=200,
        draft_words=400,
        runs=3,
        stdout=out,
    )
    printed = out.getvalue()

    assert "Build:" in printed and "40 articles" in printed
    assert "Originality check, 400-word draft, 3 runs: median" in printed
    assert "Corpus rolled back." in printed
    assert not Article.objects.filter(slug__startswith="bench-").exists()
    assert not RevisionFingerprint.objects.exists()
