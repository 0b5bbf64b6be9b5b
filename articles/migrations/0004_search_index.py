from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_admin_support")]

    operations = []
