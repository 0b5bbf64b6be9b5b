"""Write the CitedSource rows of the revisions frozen before the table existed.

The rule (which identifiers of which references) is copied here, frozen, as a
migration must not import code that changes later.
"""

import re

from django.db import migrations

DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
PMID_RE = re.compile(r"^\d{1,9}$")
PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:")


def _doi(value):
    value = (value or "").strip()
    for prefix in PREFIXES:
        if value.lower().startswith(prefix):
            value = value[len(prefix) :].strip()
    return value.lower()


def backfill(apps, schema_editor):
    Revision = apps.get_model("articles", "Revision")
    CitedSource = apps.get_model("articles", "CitedSource")
    rows = []
    for revision in Revision.objects.only("pk", "references", "cited_keys").iterator():
        cited = set(revision.cited_keys or [])
        for ref in revision.references or []:
            if cited and ref.get("key") not in cited:
                continue
            doi, pmid = _doi(ref.get("doi")), str(ref.get("pmid") or "").strip()
            if DOI_RE.match(doi):
                rows.append(
                    CitedSource(
                        revision_id=revision.pk, kind="doi", value=doi, key=ref["key"]
                    )
                )
            if PMID_RE.match(pmid):
                rows.append(
                    CitedSource(
                        revision_id=revision.pk, kind="pmid", value=pmid, key=ref["key"]
                    )
                )
        if len(rows) >= 2000:
            CitedSource.objects.bulk_create(rows)
            rows = []
    CitedSource.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_source_notices")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
