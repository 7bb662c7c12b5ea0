# Mobile members (members/mobile).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0006_transfers'),
    ]

    operations = [
    ]
