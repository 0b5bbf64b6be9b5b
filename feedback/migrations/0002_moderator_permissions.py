from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    from articles.workflow.roles import sync_groups

    sync_groups(apps, app_labels={"feedback"})


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial"), ("articles", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
