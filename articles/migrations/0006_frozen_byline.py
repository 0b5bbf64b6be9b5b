from django.db import migrations, models


def credit_current_authors(apps, schema_editor):
    """Give revisions made before bylines were frozen their article's authors.

    The best record there is of who wrote them; every later revision freezes its
    own byline at submission.
    """
    Revision = apps.get_model("articles", "Revision")
    for revision in Revision.objects.select_related("article").iterator():
        revision.byline = [
            {
                "id": author.pk,
                "name": author.name,
                "credentials": author.credentials,
                "slug": author.slug,
            }
            for author in revision.article.authors.order_by("name")
        ]
        revision.save(update_fields=["byline"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_integrity"),
    ]

    operations = [
        migrations.AddField(
            model_name="revision",
            name="byline",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text=(
                    "The authors as credited when the revision was frozen (id, name, "
                    "credentials, slug): the public byline, which later edits cannot "
                    "change."
                ),
            ),
        ),
        migrations.RunPython(credit_current_authors, migrations.RunPython.noop),
    ]
