# Transfers of the organizational relationship (members/transfers).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0005_recruitment'),
    ]

    operations = [
    ]
