# A member confirms each line of their points ledger, or objects with a reason the branch secretary answers.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0003_pointentry_pending_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='pointentry',
            name='member_ack',
            field=models.CharField(blank=True, choices=[('', '待确认'), ('confirmed', '已确认'), ('disputed', '有异议'),
                                                        ('answered', '已答复')], default='', max_length=10,
                                   verbose_name='党员确认'),
        ),
        migrations.AddField(
            model_name='pointentry',
            name='objection',
            field=models.CharField(blank=True, max_length=200, verbose_name='异议理由'),
        ),
        migrations.AddField(
            model_name='pointentry',
            name='ack_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='确认时间'),
        ),
        migrations.AddField(
            model_name='pointentry',
            name='reply',
            field=models.CharField(blank=True, max_length=200, verbose_name='答复'),
        ),
    ]
