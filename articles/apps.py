from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and review"

    def ready(self):
        from django.db.models.signals import (
            m2m_changed,
            post_delete,
            post_migrate,
            post_save,
            pre_save,
        )

        from .workflow.roles import sync_after_migrate

        # Role changes made in articles/workflow/roles.py after migration 0002.
        post_migrate.connect(
            sync_after_migrate, sender=self, dispatch_uid="articles-sync-roles"
        )

        # Admin screens live in articles/editorial/admin/ (autodiscover looks for
        # articles.admin only).
        from .editorial import admin  # noqa: F401
        from .models import (
            Article,
            Author,
            FactChecker,
            MedicalReviewer,
            Registration,
            Topic,
        )
        from .public.cache import (
            note_public_article_change,
            purge_on_also_read_change,
            purge_on_change,
            purge_on_public_article_change,
        )

        # People and topics appear on public pages outside any review workflow.
        for model in (Topic, Author, MedicalReviewer, FactChecker, Registration):
            post_save.connect(
                purge_on_change, sender=model, dispatch_uid=f"purge-{model}"
            )
            post_delete.connect(
                purge_on_change, sender=model, dispatch_uid=f"purge-del-{model}"
            )
        # What a published page shows from the working copy: its topic and its
        # "also read" links. Publishing and withdrawing purge in articles/workflow/.
        pre_save.connect(
            note_public_article_change, sender=Article, dispatch_uid="note-article"
        )
        post_save.connect(
            purge_on_public_article_change, sender=Article, dispatch_uid="purge-article"
        )
        m2m_changed.connect(
            purge_on_also_read_change,
            sender=Article.also_read.through,
            dispatch_uid="purge-also",
        )

        # A newly live revision's cited works are checked by a worker at once.
        from .workflow.background import queue_watch
        from .workflow.signals import revision_published

        revision_published.connect(queue_watch, dispatch_uid="watch-published")

        # A bad INTEGRITY_* setting fails `manage.py check` (and migrate,
        # runserver) instead of the first submission.
        from .integrity import config  # noqa: F401  (registers the check)
