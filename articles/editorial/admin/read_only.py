"""An admin that shows rows and never adds, changes or deletes them."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """For what readers saw or reviewers signed: revisions and the audit log."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
