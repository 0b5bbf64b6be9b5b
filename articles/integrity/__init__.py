"""Editorial integrity checks run on every submission: originality, citations,
readability, and the registry check of the references.

``build_report`` returns a plain dict (stored as ``Revision.integrity``); the
submit page shows it for the working copy before submission and the review
page shows the stored one beside the diff. Only originality can block a
submission: above ``INTEGRITY_MAX_OVERLAP`` a chief editor must override it
with a reason. The registry check (``registry``, switched by
``INTEGRITY_CHECK_REGISTRIES``) only reports. docs/integrity.md explains every
check in words.
"""

from django.utils import timezone

from . import citations, config, index, originality, readability, registry

# Reports stored before the registry check have no "registry" key; the
# template shows nothing for them, so the version stays.
REPORT_VERSION = 1
# Chief editors hold it (articles/roles.py).
OVERRIDE_PERMISSION = "articles.override_originality"
# Below this many overlapping words (stop-words aside, about one long sentence)
# nothing is blocked: on a very short draft one shared stock phrase would
# otherwise be a large share.
MIN_BLOCKING_WORDS = 12


def max_overlap():
    """Return the share of overlapping text (0 to 1) above which submission blocks."""
    return config.share("INTEGRITY_MAX_OVERLAP")


def max_reference_age_years():
    """Return the age in years beyond which a cited reference is flagged."""
    return config.whole_years("INTEGRITY_MAX_REFERENCE_AGE_YEARS")


def target_grade():
    """Return the reading grade the text should not exceed."""
    return config.grade("INTEGRITY_TARGET_GRADE")


def check_registries():
    """Return whether the report checks references against the registries."""
    return config.switch("INTEGRITY_CHECK_REGISTRIES")


def can_override(user):
    """Return whether USER may submit a draft the originality check blocks."""
    return user.has_perm(OVERRIDE_PERMISSION)


def build_report(
    article_or_text,
    *,
    references=None,
    exclude_article_id=None,
    registries=None,
):
    """Return the integrity report for an Article's working copy or a Markdown text.

    For an Article, its body and references are checked and its own revisions
    are not counted as overlap. For a text, pass REFERENCES (frozen dicts) and,
    if the text belongs to an article, EXCLUDE_ARTICLE_ID. REGISTRIES says
    whether to add the registry check ("registry"); by default the
    ``INTEGRITY_CHECK_REGISTRIES`` setting decides.
    """
    if isinstance(article_or_text, str):
        body = article_or_text
    else:
        body = article_or_text.body
        if references is None:
            references = article_or_text.frozen_references()
        if exclude_article_id is None:
            exclude_article_id = article_or_text.pk
    now = timezone.now()
    threshold = max_overlap()
    found = originality.check(body or "", exclude_article_id=exclude_article_id)
    found["threshold"] = threshold
    found["blocked"] = (
        found["share"] > threshold and found["overlapping_words"] >= MIN_BLOCKING_WORDS
    )
    report = {
        "version": REPORT_VERSION,
        "checked_at": now.isoformat(),
        "originality": found,
        "citations": citations.check(
            body or "",
            references or [],
            max_age_years=max_reference_age_years(),
            today=timezone.localdate(now),
        ),
        "readability": readability.check(body or "", target=target_grade()),
    }
    if check_registries() if registries is None else registries:
        report["registry"] = registry.check(references or [])
    return report


def is_blocked(report):
    """Return whether REPORT stops a submission unless a chief editor overrides."""
    return bool(report.get("originality", {}).get("blocked"))


def blocked_message(report):
    """Return the message that explains why REPORT blocks submission."""
    found = report["originality"]
    named = found["matches"][:5]
    names = ", ".join(f"“{m['article_title']}” ({m['share']:.0%})" for m in named)
    others = found.get("matched_articles", len(named)) - len(named)
    if others > 0:
        names += f" and {others} other article{'s' if others > 1 else ''}"
    return (
        f"{found['share']:.0%} of the text overlaps other articles (the limit is "
        f"{found['threshold']:.0%}): {names}. Rewrite the overlapping passages in "
        "your own words, or quote and cite the source. A chief editor can override "
        "this with a reason."
    )


def record_override(report, *, by, reason):
    """Return REPORT with the chief editor's override and reason added."""
    return {
        **report,
        "override": {
            "by": by.get_username(),
            "by_id": by.pk,
            "reason": reason,
            "at": timezone.now().isoformat(),
        },
    }


index_revision = originality.index_revision
forget_stale = index.forget_stale
rebuild_index = originality.rebuild

__all__ = [
    "OVERRIDE_PERMISSION",
    "blocked_message",
    "build_report",
    "can_override",
    "check_registries",
    "forget_stale",
    "index_revision",
    "is_blocked",
    "max_overlap",
    "max_reference_age_years",
    "rebuild_index",
    "record_override",
    "target_grade",
]
