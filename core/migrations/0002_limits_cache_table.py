"""The database table of the "limits" cache, when Redis is not configured.

``createcachetable`` creates the table of every DatabaseCache in CACHES and
skips those that exist, so migrating is enough on a fresh machine.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
