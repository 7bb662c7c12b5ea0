# Fields the national system's roster carries (members/national).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0008_dues'),
    ]

    operations = [
    ]
