"""The role groups: created by migration 0002, kept in line with roles.py after."""

import importlib

from django.contrib.auth.models import Group
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from articles.workflow import roles

roles_migration = importlib.import_module("articles.migrations.0002_roles")


def test_migration_0002_does_not_read_todays_role_lists(db, monkeypatch):
    # A permission added to a role later does not exist yet when 0002 runs on a
    # fresh database: the migration must not even look at it.
    later = [*roles.ROLE_PERMISSIONS[roles.EDITORS], "articles.override_integrity"]
    monkeypatch.setitem(roles.ROLE_PERMISSIONS, roles.EDITORS, later)
    state = MigrationLoader(connection).project_state(("articles", "0002_roles"))
    Group.objects.filter(name=roles.EDITORS).delete()
    roles_migration.create_roles(state.apps, None)
    editors = Group.objects.get(name=roles.EDITORS)
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "submit_article"} <= codenames
    assert "override_integrity" not in codenames


def test_a_later_role_change_reaches_the_groups_after_migrate(db, monkeypatch):
    later = [*roles.ROLE_PERMISSIONS[roles.EDITORS], "articles.add_topic"]
    monkeypatch.setitem(roles.ROLE_PERMISSIONS, roles.EDITORS, later)
    editors = Group.objects.get(name=roles.EDITORS)
    assert not editors.permissions.filter(codename="add_topic").exists()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert editors.permissions.filter(codename="add_topic").exists()


def test_groups_hold_exactly_the_listed_permissions_after_migrate(db):
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    for name, perms in roles.ROLE_PERMISSIONS.items():
        held = Group.objects.get(name=name).permissions.values_list(
            "content_type__app_label", "codename"
        )
        assert {f"{app}.{code}" for app, code in held} == set(perms), name
