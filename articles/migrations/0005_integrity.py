import django.db.models.deletion
from django.db import migrations, models


def index_current_revisions(apps, schema_editor):
    """Fingerprint the live and pending revisions that exist already."""
    from articles.integrity.originality import fingerprints

    Revision = apps.get_model("articles", "Revision")
    RevisionFingerprint = apps.get_model("articles", "RevisionFingerprint")
    current = Revision.objects.filter(
        models.Q(live_for__isnull=False)
        | models.Q(decision__in=["pending", "approved"], published_at__isnull=True)
    )
    for revision in current.only("pk", "article_id", "body_markdown").iterator():
        RevisionFingerprint.objects.bulk_create(
            RevisionFingerprint(
                revision_id=revision.pk, article_id=revision.article_id, fingerprint=h
            )
            for h in sorted(fingerprints(revision.body_markdown))
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_search_index")]

    operations = [
        migrations.AddField(
            model_name="revision",
            name="integrity",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.CreateModel(
            name="RevisionFingerprint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("fingerprint", models.BigIntegerField()),
                (
                    "article",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="articles.article",
                    ),
                ),
                (
                    "revision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="fingerprints",
                        to="articles.revision",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["fingerprint", "article", "revision"],
                        name="articles_fingerprint_lookup",
                    )
                ],
            },
        ),
        migrations.RunPython(index_current_revisions, migrations.RunPython.noop),
    ]
