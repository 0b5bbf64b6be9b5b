from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and review"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .cache import purge_on_change
        from .models import Article, Author, MedicalReviewer, Topic

        # People and topics appear on public pages outside any review workflow.
        for model in (Topic, Author, MedicalReviewer):
            post_save.connect(
                purge_on_change, sender=model, dispatch_uid=f"purge-{model}"
            )
            post_delete.connect(
                purge_on_change, sender=model, dispatch_uid=f"purge-del-{model}"
            )
        m2m_changed.connect(
            purge_on_change, sender=Article.also_read.through, dispatch_uid="purge-also"
        )
