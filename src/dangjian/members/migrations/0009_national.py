# Fields the national system's roster carries (members/national).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0008_dues'),
    ]

    operations = [
        migrations.AddField(
            model_name='partymember',
            name='job_post',
            field=models.CharField(blank=True, max_length=60, verbose_name='工作岗位'),
        ),
    ]
