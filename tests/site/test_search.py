"""Site search: live text only, ranked, highlighted, paginated, and unbreakable."""

import importlib
import re

import pytest
from django.db import connection

from articles import workflow
from articles.models import Revision
from articles.public import search as site_search
from tests.factories import (
    ArticleFactory,
    ReferenceFactory,
    approve,
    edit,
    publish_article,
    submit,
)
from tests.hostile import EVERYTHING, label

ON_POSTGRES = connection.vendor == "postgresql"


def results(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response


def titles(response):
    return [r.title for r in response.context["results"]]


def test_finds_live_articles_and_opens_them(client, live_article):
    response = results(client, "walking")
    assert titles(response) == ["Walking and blood pressure"]
    html = response.content.decode()
    assert f'href="{live_article.get_absolute_url()}"' in html
    assert "1 article found" in html


def test_drafts_pending_and_unpublished_text_never_appear(client, cast):
    ArticleFactory(title="Zucchini draft", body="Zucchini in a draft.")
    pending = ArticleFactory(title="Zucchini pending", body="Zucchini pending.")
    ReferenceFactory(article=pending)
    submit(pending, cast)
    approved = ArticleFactory(title="Zucchini approved", body="Zucchini approved.")
    ReferenceFactory(article=approved)
    approve(submit(approved, cast), cast)

    live = publish_article(cast, title="Vegetables", body="Plain live text.")
    edit(live, cast.editor, body="Zucchini in the working copy [@smith2020].")
    submit(live, cast, note="Adds zucchini.")  # a newer, pending revision

    assert titles(results(client, "zucchini")) == []
    assert titles(results(client, "plain live text")) == ["Vegetables"]


def test_withdrawn_articles_disappear_and_updates_replace_old_text(client, cast):
    gone = publish_article(cast, title="Quince facts", body="Quince is a fruit.")
    workflow.withdraw(gone, by=cast.chief, reason="Outdated.")
    assert titles(results(client, "quince")) == []

    article = publish_article(cast, title="Pears", body="Old advice on pears.")
    edit(article, cast.editor, body="New guidance on pears [@smith2020].")
    workflow.publish(approve(submit(article, cast), cast), by=cast.chief)
    assert titles(results(client, "guidance")) == ["Pears"]
    assert titles(results(client, "old advice")) == []


def test_title_matches_rank_first(client, cast):
    publish_article(cast, title="Lentils", body="Cooking with kiwi and lentils.")
    publish_article(
        cast, title="Fruit", summary="Why kiwi is good for you.", body="Fruit."
    )
    publish_article(cast, title="Kiwi", body="A fruit.")
    found = titles(results(client, "kiwi"))
    assert found[0] == "Kiwi"
    if ON_POSTGRES:  # summary (weight B) above body (weight C)
        assert found == ["Kiwi", "Fruit", "Lentils"]
    else:
        assert sorted(found) == ["Fruit", "Kiwi", "Lentils"]


def test_snippets_highlight_matches_and_escape_everything_else(client, cast):
    publish_article(
        cast,
        title="Escaping",
        summary="A summary.",
        body="Typed <script>alert(1)</script> near the word mango & more.",
    )
    response = results(client, "mango")
    html = response.content.decode()
    snippet = str(response.context["results"][0].snippet)
    assert "<mark>mango</mark>" in snippet.lower()
    assert "<script>alert" not in html
    # SQLite shows the typed tags as text; PostgreSQL's headline drops them.
    assert "alert(1)" in snippet and "<script" not in snippet
    assert "&amp; more" in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0


def test_snippets_drop_markdown_and_citation_keys(client, live_article):
    snippet = str(results(client, "thirty").context["results"][0].snippet)
    assert "[@" not in snippet and "##" not in snippet
    assert "<mark>Thirty</mark>" in snippet


def test_hostile_queries_give_a_normal_page(client, live_article):
    for query in EVERYTHING:
        html = results(client, query).content.decode()
        assert "<h1>" in html, label(query)
        assert "<script>alert" not in html, label(query)
        assert "<img src=x" not in html, label(query)


@pytest.mark.parametrize(
    "query_string",
    ["q=%ED%A0%80", "q=%ED%A0%80walking", "q=%00%00", "q=%FF%FE", "q=a&page=%00"],
)
def test_undecodable_query_strings_give_a_normal_page(
    client, live_article, query_string
):
    assert client.get(f"/search/?{query_string}").status_code == 200


def test_lone_surrogates_and_control_characters_are_dropped(live_article):
    assert site_search.clean_query("\ud800walk\x00ing\x1f") == "walk ing"
    query, page = site_search.search("\udfffwalking\ud800")
    assert query == "walking"
    assert [r.title for r in page.object_list] == ["Walking and blood pressure"]


def test_long_queries_are_cut_to_a_safe_length():
    assert len(site_search.clean_query("y" * 5000)) == site_search.MAX_QUERY_LENGTH


def test_highlight_only_balanced_marks_become_markup():
    start, stop = site_search.START_MARK, site_search.STOP_MARK
    assert site_search.highlight(f"a{stop}<b>{start}c") == "a&lt;b&gt;<mark>c</mark>"
    assert site_search.highlight(f"{start}{start}x{stop}{stop}") == "<mark>x</mark>"


def test_results_are_paginated_ten_per_page(client, cast):
    for n in range(12):
        publish_article(cast, title=f"Nectarine {n:02d}", body="Nectarine.")
    first = results(client, "nectarine")
    assert len(first.context["results"]) == 10
    html = first.content.decode()
    assert "12 articles found; page 1 of 2" in html
    assert 'href="?q=nectarine&amp;page=2"' in html
    second = results(client, "nectarine", page=2)
    assert len(second.context["results"]) == 2
    assert 'start="11"' in second.content.decode()
    all_titles = titles(first) + titles(second)
    assert sorted(all_titles) == [f"Nectarine {n:02d}" for n in range(12)]
    for page in ["abc", "0", "-1", "99999999999999999999"]:
        assert results(client, "nectarine", page=page).status_code == 200


def test_search_form_is_a_get_form_without_tokens_or_cookies(client, live_article):
    response = results(client, "walking")
    html = response.content.decode()
    assert 'role="search"' in html
    assert html.count('method="get"') >= 2
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies


def test_search_pages_are_not_indexed(client, db):
    html = results(client, "anything").content.decode()
    assert '<meta name="robots" content="noindex, follow">' in html


# The index ----------------------------------------------------------------------

migration = importlib.import_module("articles.migrations.0009_search_document")


def index_names():
    with connection.cursor() as cursor:
        return set(
            connection.introspection.get_constraints(cursor, "articles_revision")
        )


def revision_columns():
    with connection.cursor() as cursor:
        return {
            column.name
            for column in connection.introspection.get_table_description(
                cursor, "articles_revision"
            )
        }


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL full-text search only")
def test_the_gin_index_serves_the_search_query(live_article):
    assert migration.INDEX_NAME == site_search.INDEX_NAME
    assert site_search.INDEX_NAME in index_names()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            [site_search.INDEX_NAME],
        )
        assert "USING gin (search_document)" in cursor.fetchone()[0]
        # With sequential and plain index scans ruled out, only a bitmap scan
        # of the GIN index can answer "@@" cheaply, and only if the search
        # filters on the indexed column; otherwise a disabled seq scan shows.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    tsquery = site_search.web_query("walking")
    plan = site_search.matching(Revision.objects.all(), tsquery).explain()
    assert f"Bitmap Index Scan on {site_search.INDEX_NAME}" in plan, plan
    # The page query ranks the stored vector; it never builds one from the text.
    ranked = str(site_search._postgres_matches("walking").query)
    assert "to_tsvector" not in ranked and "ts_headline" not in ranked


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL full-text search only")
def test_the_stored_vector_weights_title_summary_and_body(live_article):
    revision_id = live_article.live_revision_id
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_document::text FROM articles_revision WHERE id = %s",
            [revision_id],
        )
        document = cursor.fetchone()[0]
    assert "'walk':1A" in document  # title
    assert "'brisk':" in document and "B" in document.split("'brisk':")[1][:4]
    assert "'thirti':" in document and "C" in document.split("'thirti':")[1][:6]


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL full-text search only")
def test_the_migration_drops_and_recreates_the_column_and_index(db):
    from django.apps import apps

    old_index = importlib.import_module("articles.migrations.0004_search_index")
    with connection.schema_editor() as editor:
        migration.drop_document(apps, editor)
    assert "search_document" not in revision_columns()
    assert site_search.INDEX_NAME not in index_names()
    assert old_index.INDEX_NAME in index_names()  # reversing restores 0004's
    with connection.schema_editor() as editor:
        migration.create_document(apps, editor)
    assert "search_document" in revision_columns()
    assert site_search.INDEX_NAME in index_names()
    assert old_index.INDEX_NAME not in index_names()


@pytest.mark.skipif(ON_POSTGRES, reason="the SQLite fallback")
def test_the_migration_is_a_no_op_on_sqlite(db):
    class Editor:
        connection = connection

        def __getattr__(self, name):
            raise AssertionError(f"the migration called schema_editor.{name}")

    migration.create_document(None, Editor())
    migration.drop_document(None, Editor())
    assert "search_document" not in revision_columns()
