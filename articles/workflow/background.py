"""Registry work that leaves the request path, queued through Django's tasks API.

A submission does not wait for Crossref or PubMed: it stores its integrity
report with the registry section marked pending and, once it commits, queues
``check_revision_registries``; a worker fills the section in (the reviewer's
screen says it is pending meanwhile). A publication queues ``watch_revision``,
which checks the newly live text's cited works for retractions at once. The
daily check (``watch.check_references``) runs in the scheduler, never in a
request. The queue and its workers: docs/operations.md.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .. import integrity
from ..models import Revision
from . import watch

logger = logging.getLogger(__name__)

PENDING = {"pending": True}


def registry_section_pending(report, *, queued=True):
    """Return REPORT with its registry section to be filled in by a worker.

    QUEUED false: the submit page's report, whose check runs once it is submitted.
    """
    if not integrity.check_registries():
        return report
    when = {"queued_at": timezone.now().isoformat()} if queued else {"on_submit": True}
    return {**report, "registry": {**PENDING, **when}}


def queue_registry_check(revision):
    """After the transaction commits, queue the registry check of REVISION."""
    if revision.integrity.get("registry", {}).get("pending"):
        transaction.on_commit(lambda: _enqueue(check_revision_registries, revision.pk))


def queue_watch(sender, revision, **kwargs):
    """Receiver of ``revision_published``: queue the check of its cited works."""
    if revision.cited_keys:
        transaction.on_commit(lambda: _enqueue(watch_revision, revision.pk))


def _enqueue(queued_task, pk):
    try:
        queued_task.enqueue(pk)
    except Exception:  # the change is committed; the check can be run by hand
        logger.exception("could not queue %s for revision %s", queued_task.name, pk)


@task()
def check_revision_registries(revision_id):
    """Ask the registries about a revision's references; store the result."""
    revision = Revision.objects.filter(pk=revision_id).first()
    if revision is None or not revision.integrity.get("registry", {}).get("pending"):
        return "nothing to check"
    section = integrity.registry.check(revision.references)  # never raises
    with transaction.atomic():
        locked = Revision.objects.select_for_update().get(pk=revision_id)
        locked.integrity = {**locked.integrity, "registry": section}
        locked.save(update_fields=["integrity"])
    return f"checked {section['checked']} of {len(section['references'])}"


@task()
def watch_revision(revision_id):
    """Check the cited works of a revision that has just gone live."""
    revision = Revision.objects.filter(pk=revision_id).first()
    if revision is None:
        return "gone"
    report = watch.check_cited_by(revision)
    for problem in report.problems:
        logger.warning("reference check: %s", problem)
    return report.summary()
