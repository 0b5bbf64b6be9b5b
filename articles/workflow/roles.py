"""The editorial roles as Django groups, and the permissions each one holds.

docs/roles.md has the same table in words. Object-level rules (only the assigned
reviewer may decide, nobody reviews their own edits) live in articles.workflow.
"""

EDITORS = "Editors"
MEDICAL_REVIEWERS = "Medical reviewers"
CHIEF_EDITORS = "Chief editors"
MODERATORS = "Moderators"
FACT_CHECKERS = "Fact checkers"

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
    "articles.view_factchecker",
]

ROLE_PERMISSIONS = {
    EDITORS: _EDITOR_PERMS,
    MEDICAL_REVIEWERS: [
        "articles.view_article",
        "articles.view_reference",
        "articles.view_revision",
        "articles.view_reviewevent",
        "articles.view_topic",
        "articles.view_author",
        "articles.view_medicalreviewer",
        "articles.view_factchecker",
        "articles.review_article",
    ],
    FACT_CHECKERS: [
        "articles.view_article",
        "articles.view_reference",
        "articles.view_revision",
        "articles.view_reviewevent",
        "articles.view_topic",
        "articles.view_author",
        "articles.view_medicalreviewer",
        "articles.view_factchecker",
        "articles.fact_check_article",
    ],
    CHIEF_EDITORS: [
        *_EDITOR_PERMS,
        "articles.override_originality",
        "articles.cite_retracted",
        "articles.publish_article",
        "articles.withdraw_article",
        "articles.request_rereview",
        "articles.add_topic",
        "articles.change_topic",
        "articles.add_author",
        "articles.change_author",
        "articles.add_medicalreviewer",
        "articles.change_medicalreviewer",
        "articles.add_factchecker",
        "articles.change_factchecker",
        "articles.view_registration",
        "articles.add_registration",
        "articles.change_registration",
        "articles.delete_registration",
        "articles.view_specialty",
        "articles.add_specialty",
        "articles.change_specialty",
        "articles.assign_reviewer",
        "articles.override_specialty",
        "articles.correct_attribution",
        "articles.send_outside_review",
        "articles.view_outsidereviewlink",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
    ],
    MODERATORS: [
        "articles.view_article",
        "articles.view_revision",
        "articles.request_rereview",
        "feedback.view_feedbackreport",
        "feedback.change_feedbackreport",
        "feedback.view_feedbackevent",
    ],
}


def sync_groups(apps, app_labels=None, *, missing_ok=False):
    """Create the role groups and give each exactly its permissions.

    With APP_LABELS, only permissions of those apps are synced (a migration can
    only see the apps migrated before it); others a group holds are kept. With
    MISSING_OK, a permission not in the database yet (a database migrated back
    to before its model) is skipped instead of raising DoesNotExist.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            if app_labels is not None and app_label not in app_labels:
                continue
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if found is None and not missing_ok:
                raise Permission.DoesNotExist(f"No permission {perm} for {name}.")
            if found is not None:
                wanted.append(found)
        if app_labels is None:
            group.permissions.set(wanted)
            continue
        stale = group.permissions.filter(
            content_type__app_label__in=app_labels
        ).exclude(pk__in=[p.pk for p in wanted])
        group.permissions.remove(*stale)
        group.permissions.add(*wanted)


def sync_after_migrate(sender, apps=None, using=None, **kwargs):
    """Bring the role groups in line with ROLE_PERMISSIONS after every migrate.

    Migration 0002 created the groups from lists frozen in it; this carries
    every later change to the lists above. Permissions are normally created
    app by app as this signal goes round, so all are created first.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.db import DEFAULT_DB_ALIAS

    apps = apps or global_apps
    for app_config in global_apps.get_app_configs():
        create_permissions(
            app_config, verbosity=0, using=using or DEFAULT_DB_ALIAS, apps=apps
        )
    sync_groups(apps, missing_ok=True)
