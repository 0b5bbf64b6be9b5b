"""What the workflow tells other apps, so they can follow it without being imported.

The workflow may not import ``feedback`` (docs/architecture.md); an app that
needs to act on a transition connects a receiver in its ``AppConfig.ready()``.
"""

from django.dispatch import Signal

# Sent when a revision has just become its article's live revision (published
# now, or by publish_scheduled). Arguments: ``sender``, the Revision class, and
# ``revision``, the Revision, with ``published_at`` set and its article row
# locked. It is sent inside the publishing transaction: a receiver's writes
# commit or roll back with the publication, and an e-mail it queues with
# core.mail.send_after_commit leaves only once the publication is committed.
revision_published = Signal()
