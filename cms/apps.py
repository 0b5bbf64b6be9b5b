from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The project package as an app, so that its system checks are registered."""

    name = "cms"
    verbose_name = "Site"

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks)
