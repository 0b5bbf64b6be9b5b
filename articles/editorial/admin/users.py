"""People management for chief editors, without a way to raise anyone's power.

Chief editors may add staff accounts and put them in the Editors or Moderators
group. Django's stock user admin would also let anyone with "change user" make
themselves a superuser, grant single permissions, reset a superuser's password,
or reset a medical reviewer's password and approve in that reviewer's name. For
everyone but superusers this admin therefore shows only accounts that are
neither superusers, chief editors nor medical reviewers (and not their own:
their password has its own page), and offers only the Editors and Moderators
groups. Medical reviewer and chief editor accounts are managed by superusers.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.db.models import Q

from articles.workflow.roles import (
    CHIEF_EDITORS,
    EDITORS,
    MEDICAL_REVIEWERS,
    MODERATORS,
)

POWER_FIELDS = {"is_superuser", "user_permissions"}
# What a chief editor may give; the others carry the power to approve or to
# manage people, and only superusers hand them out.
MANAGED_GROUPS = [EDITORS, MODERATORS]
PROTECTED_GROUPS = [CHIEF_EDITORS, MEDICAL_REVIEWERS]

admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class RoleAwareUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "roles"]
    list_filter = ["is_staff", "is_active", "groups"]

    @admin.display(description="roles")
    def roles(self, user):
        return ", ".join(group.name for group in user.groups.all())

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("groups")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            is_superuser=False, reviewer_profile__isnull=True
        ).exclude(Q(pk=request.user.pk) | Q(groups__name__in=PROTECTED_GROUPS))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": [
                field for field in options["fields"] if field not in POWER_FIELDS
            ]})
            for name, options in fieldsets
        ]  # fmt: skip

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=MANAGED_GROUPS)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Group)
class RoleGroupAdmin(admin.ModelAdmin):
    """The role groups are defined in code (articles/roles.py): read them here."""

    list_display = ["name"]
    filter_horizontal = ["permissions"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
