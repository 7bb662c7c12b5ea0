# Committee terms and elections (orgs/terms).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0003_two_new_method'),
    ]

    operations = [
    ]
