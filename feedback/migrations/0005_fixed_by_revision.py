"""A resolved report can name the revision that fixed it; the personal-data flag's
label says what it means.

Depends on an articles migration that was there before this one, not on the
newest: Revision has existed since 0001.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_reference_first_authors_only"),
        ("feedback", "0004_mark_bare_votes_and_forget_closed_contacts"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedbackreport",
            name="fixed_by_revision",
            field=models.ForeignKey(
                blank=True,
                help_text="The newer revision of the article that fixes what the reader reported. The e-mail to the reader waits until it is live.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="articles.revision",
                verbose_name="fixed by revision",
            ),
        ),
        migrations.AddField(
            model_name="feedbackreport",
            name="reader_email_held",
            field=models.BooleanField(
                default=False,
                help_text="Resolved with a fix that is not live yet: the reader is e-mailed once, when that revision goes live, and their address is then deleted.",
                verbose_name="e-mail to the reader waiting",
            ),
        ),
        migrations.AlterField(
            model_name="feedbackreport",
            name="has_personal_data",
            field=models.BooleanField(
                default=False,
                help_text="An e-mail address or phone number was detected in the details the reader wrote. Do not copy it into notes or messages. It is a hint, not a check: names and addresses are not detected.",
                verbose_name="may contain personal data",
            ),
        ),
    ]
