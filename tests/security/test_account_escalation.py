"""A chief editor manages editors and moderators, and can never climb higher:
no superuser rights, no single permissions, no taking over a reviewer."""

from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from articles.workflow import roles
from tests.factories import (
    superuser,
    user_in,
)

# Escalation through the user admin -----------------------------------------------


def user_form(user, **changes):
    return {
        "username": user.username,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "groups": [g.pk for g in user.groups.all()],
        "date_joined_0": "2024-01-01",
        "date_joined_1": "09:00:00",
        **changes,
    }


def change_user_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def test_chief_cannot_make_anyone_a_superuser_or_grant_single_permissions(client, cast):
    client.force_login(cast.chief)
    power = Permission.objects.get(codename="change_group")
    page = client.get(change_user_url(cast.chief)).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page
    for user in (cast.chief, cast.editor):
        forged = user_form(user, is_superuser="on", user_permissions=[power.pk])
        assert client.post(change_user_url(user), forged).status_code == 302
        user.refresh_from_db()
        assert not user.is_superuser
        assert not user.user_permissions.exists()
        assert not user.has_perm("auth.change_group")
    # A new account cannot be born a superuser either.
    client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newcomer",
            "usable_password": "true",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
            "is_superuser": "on",
        },
    )
    newcomer = User.objects.get(username="newcomer")
    assert not newcomer.is_superuser and not newcomer.user_permissions.exists()


def test_chief_can_only_give_the_editor_and_moderator_groups(client, cast):
    operators = Group.objects.create(name="Operators")
    operators.permissions.add(Permission.objects.get(codename="delete_user"))
    client.force_login(cast.chief)
    response = client.get(change_user_url(cast.editor))
    offered = response.context["adminform"].form.fields["groups"].queryset
    assert {g.name for g in offered} == {roles.EDITORS, roles.MODERATORS}

    for group in [
        operators,
        Group.objects.get(name=roles.CHIEF_EDITORS),
        Group.objects.get(name=roles.MEDICAL_REVIEWERS),
    ]:
        refused = client.post(
            change_user_url(cast.editor), user_form(cast.editor, groups=[group.pk])
        )
        assert refused.status_code == 200  # the form, with the error shown
        assert not cast.editor.groups.filter(pk=group.pk).exists()

    moderators = Group.objects.get(name=roles.MODERATORS)
    moved = user_form(cast.editor, groups=[moderators.pk])
    assert client.post(change_user_url(cast.editor), moved).status_code == 302
    assert list(cast.editor.groups.all()) == [moderators]
    chiefs = Group.objects.get(name=roles.CHIEF_EDITORS)

    # Nor can the role groups themselves be given more power.
    forged = {
        "name": chiefs.name,
        "permissions": list(Permission.objects.values_list("pk", flat=True)),
    }
    group_url = reverse("admin:auth_group_change", args=[chiefs.pk])
    assert client.post(group_url, forged).status_code == 403
    assert not chiefs.permissions.filter(codename="delete_user").exists()


def test_chief_can_neither_see_nor_change_a_superuser(client, cast):
    root = superuser("root")
    client.force_login(cast.chief)
    listing = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert cast.editor.username in listing
    assert change_user_url(root) not in listing
    assert client.get(change_user_url(root)).url == reverse("admin:index")
    client.post(change_user_url(root), user_form(root, is_active=""))
    root.refresh_from_db()
    assert root.is_active and root.is_superuser


def test_chief_cannot_reset_a_superusers_password(client, cast):
    root = superuser("root")
    client.force_login(cast.chief)
    url = reverse("admin:auth_user_password_change", args=[root.pk])
    assert client.get(url).status_code == 404
    new = "taken over 12345 xyz"
    data = {"password1": new, "password2": new, "usable_password": "true"}
    assert client.post(url, data).status_code == 404
    root.refresh_from_db()
    assert root.check_password("pw")
    assert not root.check_password(new)


def test_chief_cannot_take_over_a_reviewer_or_another_chief(client, cast):
    """Resetting a reviewer's password would let a chief approve in their name."""
    other_chief = user_in(roles.CHIEF_EDITORS, username="chief2")
    client.force_login(cast.chief)
    listed = client.get(reverse("admin:auth_user_changelist")).text
    for account in [cast.reviewer.user, other_chief, cast.chief]:
        assert f"/admin/auth/user/{account.pk}/change/" not in listed
        password_url = reverse("admin:auth_user_password_change", args=[account.pk])
        assert client.post(
            password_url,
            {"password1": "Taken-over-2026", "password2": "Taken-over-2026"},
        ).status_code in {403, 404}
        account.refresh_from_db()
        assert not account.check_password("Taken-over-2026")
    # A reviewer profile can only be linked to an account a superuser put in the
    # Medical reviewers group, never to a fresh account the chief created.
    fresh = user_in(roles.EDITORS, username="puppet")
    form = (
        client.get(reverse("admin:articles_medicalreviewer_add"))
        .context["adminform"]
        .form
    )
    assert fresh not in form.fields["user"].queryset
    assert cast.chief not in form.fields["user"].queryset
