from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared layer as an app, so that the outgoing-mail queue has a table."""

    name = "core"
    verbose_name = "Outgoing mail"
    default_auto_field = "django.db.models.BigAutoField"
