"""The benchmark's commands work on a small corpus (figures come from `make bench`)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Revision


def test_generate_corpus_publishes_rendered_articles(groups):
    call_command(
        "generate_corpus", "--force", "--articles", "6", "--references", "3",
        "--topics", "2", "--pending", "2", stdout=StringIO(),
    )  # fmt: skip
    assert Article.objects.published().count() == 6
    live = Article.objects.get(slug="bench-0").live_revision
    assert live.hash_matches
    assert 'role="doc-biblioref"' in live.body_html
    assert Revision.objects.pending().count() == 2
    with pytest.raises(CommandError):
        call_command("generate_corpus", "--force", "--articles", "1", stdout=StringIO())


def test_bench_pages_reports_time_and_queries(groups, tmp_path):
    call_command(
        "generate_corpus",
        "--force",
        "--articles",
        "4",
        "--topics",
        "2",
        stdout=StringIO(),
    )
    out = StringIO()
    page = tmp_path / "article.html"
    call_command("bench_pages", "--runs", "2", "--save-article", str(page), stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["article"][2] == 200 and figures["article"][1] <= 6
    assert set(figures) >= {"home", "topic", "search", "admin article list"}
    assert b"<h1>" in page.read_bytes()
