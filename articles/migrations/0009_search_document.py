"""A stored search vector for every revision, with a GIN index; PostgreSQL only.

Search used to compute the weighted tsvector (title A, summary B, body C,
English configuration) from the text at query time. The GIN expression index
of migration 0004 found the matches quickly, but ranking them computed the
vector again for every match: seconds for a common word at 10,000 articles.
Revisions never change, so the vector is now a generated STORED column,
written once with the row; search ranks on it (articles/search.py) and the
index is on the column. The expression index of 0004 is dropped: nothing
queries it any more, and every new revision paid to maintain it.

The column is not a model field, so Django never selects or writes it. The
expression is written out here rather than built from Django's SearchVector
because a migration must keep doing what it did the day it was written.

SQLite has no full-text search here; the migration does nothing there.
"""

import importlib

from django.db import migrations

COLUMN = "search_document"
INDEX_NAME = "revision_search_document_gin"
DOCUMENT = (
    "setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(summary, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(body_markdown, '')), 'C')"
)

search_index = importlib.import_module("articles.migrations.0004_search_index")


def create_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE articles_revision ADD COLUMN {COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({DOCUMENT}) STORED"
    )
    # Without fastupdate, a new revision goes straight into the index rather
    # than a pending list that every search would scan until the next VACUUM:
    # revisions are written rarely and searched often.
    schema_editor.execute(
        f"CREATE INDEX {INDEX_NAME} ON articles_revision USING gin ({COLUMN}) "
        "WITH (fastupdate = off)"
    )
    search_index.drop_index(apps, schema_editor)


def drop_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    search_index.create_index(apps, schema_editor)
    schema_editor.execute(f"ALTER TABLE articles_revision DROP COLUMN {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_listing_order_and_page_generation")]

    operations = [
        migrations.RunPython(create_document, drop_document, elidable=False),
    ]
