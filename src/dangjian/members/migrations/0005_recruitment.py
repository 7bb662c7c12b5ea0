# The recruitment pipeline (members/recruitment).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0004_point_member_ack'),
    ]

    operations = [
    ]
