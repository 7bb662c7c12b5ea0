# Party dues (members/dues).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0007_mobile'),
    ]

    operations = [
    ]
