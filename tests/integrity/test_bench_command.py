"""`manage.py bench_integrity` builds a corpus, times checks and leaves no trace."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, RevisionFingerprint

pytestmark = pytest.mark.django_db


def test_bench_times_fresh_drafts_of_each_kind_and_rolls_back():
    out = io.StringIO()
    call_command(
        "bench_integrity",
        articles=40,
        words=200,
        draft_words=400,
        runs=3,
        common="0,2",
        stdout=out,
    )
    printed = out.getvalue()

    assert "Build:" in printed and "40 articles" in printed
    assert "3 distinct drafts per kind" in printed
    for common in (0, 2):
        line = re.search(rf"^{common} common sentences: .*$", printed, re.M).group()
        assert re.search(r"originality median \d+, max \d+ \(same draft again", line)
        assert re.search(r"whole report median \d+, max \d+", line)
    assert "Corpus rolled back." in printed
    assert not Article.objects.filter(slug__startswith="bench-").exists()
    assert not RevisionFingerprint.objects.exists()


def test_bench_reuse_needs_a_kept_corpus():
    with pytest.raises(CommandError, match="--keep"):
        call_command("bench_integrity", reuse=True, stdout=io.StringIO())
