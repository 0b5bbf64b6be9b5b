from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Reader feedback"

    def ready(self):
        # The workflow may not import feedback, so it announces publications
        # and feedback listens.
        from articles.workflow.signals import revision_published

        from . import receivers

        revision_published.connect(
            receivers.send_held_messages, dispatch_uid="feedback-held-messages"
        )
