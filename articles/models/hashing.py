"""The content hash: what a reviewer signs, as one SHA-256."""

import hashlib
import json


def content_hash(*, title, summary, body, references, body_html, references_html):
    """Return the SHA-256 of everything a reviewer signs for, as hex.

    It covers the sources and the rendered HTML readers get, so neither can be
    changed after approval without the revision failing its check.
    """
    payload = json.dumps(
        {
            "title": title,
            "summary": summary,
            "body": body,
            "references": references,
            "body_html": body_html,
            "references_html": references_html,
        },
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
