"""A GIN index for site search, on PostgreSQL only (replaced by 0009's stored vector).

The index covers the weighted tsvector that articles/search.py queries with
``search_vector()``: title (A), summary (B) and body Markdown (C), English
configuration. It is built here from the same Django expression, so the SQL is
the same as the query's and the planner can use the index for ``@@``. The
expression is copied rather than imported because a migration must keep
building the index it built on the day it was written; if search_vector()
changes, add a new migration that replaces the index (a test checks that the
planner uses it).

SQLite has no such index; the migration does nothing there.
"""

from django.db import migrations

INDEX_NAME = "revision_search_gin"


def _index():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body_markdown", weight="C", config="english")
    )
    return GinIndex(vector, name=INDEX_NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.add_index(apps.get_model("articles", "Revision"), _index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_index(apps.get_model("articles", "Revision"), _index())


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_admin_support")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
