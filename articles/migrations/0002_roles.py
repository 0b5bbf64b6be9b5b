"""Create the role groups with the permissions they had when roles were introduced.

The lists are frozen here on purpose: a migration must not import code that
changes later (articles/roles.py). A permission added to a role afterwards
does not exist yet when this migration runs on a fresh database; such changes
reach the groups through the post_migrate sync in articles/apps.py
(roles.sync_groups), which runs after every ``migrate``, once all permissions
exist.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

_EDITOR_PERMS = [
    "articles.view_article",
    "articles.add_article",
    "articles.change_article",
    "articles.submit_article",
    "articles.view_reference",
    "articles.add_reference",
    "articles.change_reference",
    "articles.delete_reference",
    "articles.view_revision",
    "articles.view_reviewevent",
    "articles.view_topic",
    "articles.view_author",
    "articles.view_medicalreviewer",
]

ROLE_PERMISSIONS = {
    "Editors": _EDITOR_PERMS,
    "Medical reviewers": [
        "articles.view_article",
        "articles.view_reference",
        "articles.view_revision",
        "articles.view_reviewevent",
        "articles.view_topic",
        "articles.view_author",
        "articles.view_medicalreviewer",
        "articles.review_article",
    ],
    "Chief editors": [
        *_EDITOR_PERMS,
        "articles.assign_reviewer",
        "articles.publish_article",
        "articles.withdraw_article",
        "articles.request_rereview",
        "articles.add_topic",
        "articles.change_topic",
        "articles.add_author",
        "articles.change_author",
        "articles.add_medicalreviewer",
        "articles.change_medicalreviewer",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
    ],
    "Moderators": [
        "articles.view_article",
        "articles.view_revision",
        "articles.request_rereview",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *(
                Permission.objects.get(
                    content_type__app_label=perm.split(".")[0],
                    codename=perm.split(".")[1],
                )
                for perm in perms
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
