from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The project package as an app, so that its system checks are registered."""

    name = "cms"
    verbose_name = "Site"

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        from . import checks  # noqa: F401  (registers the checks)
        from .security import tell_owner_of_failures

        # After axes' own receiver (axes is installed first), so the failure is logged.
        user_login_failed.connect(tell_owner_of_failures, dispatch_uid="tell-owner")
