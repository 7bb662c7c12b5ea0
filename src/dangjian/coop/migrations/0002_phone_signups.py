# Joint activities get a time, a place, a cap and a check-in code; in-service members sign up and check in.

import datetime
import secrets

import django.db.models.deletion
from django.db import migrations, models

import dangjian.coop.models


def give_tokens(apps, schema_editor):
    JointActivity = apps.get_model("coop", "JointActivity")
    for activity in JointActivity.objects.filter(checkin_token__isnull=True).only("pk"):
        activity.checkin_token = secrets.token_urlsafe(24)
        activity.save(update_fields=["checkin_token"])


class Migration(migrations.Migration):

    dependencies = [
        ('coop', '0001_initial'),
        ('members', '0003_pointentry_pending_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='jointactivity',
            name='start_time',
            field=models.TimeField(default=datetime.time(9, 0), verbose_name='开始时间'),
        ),
        migrations.AddField(
            model_name='jointactivity',
            name='place',
            field=models.CharField(blank=True, max_length=100, verbose_name='地点'),
        ),
        migrations.AddField(
            model_name='jointactivity',
            name='capacity',
            field=models.PositiveIntegerField(blank=True, help_text='在职党员报名人数上限，留空表示不限', null=True,
                                              verbose_name='报名名额'),
        ),
        migrations.AddField(
            model_name='jointactivity',
            name='checkin_token',
            field=models.CharField(editable=False, max_length=40, null=True),
        ),
        migrations.RunPython(give_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='jointactivity',
            name='checkin_token',
            field=models.CharField(default=dangjian.coop.models.new_token, editable=False, max_length=40,
                                   unique=True),
        ),
        migrations.CreateModel(
            name='ActivitySignup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('signed_up', '已报名'), ('checked_in', '已签到'),
                                                     ('cancelled', '已取消')], default='signed_up', max_length=12,
                                            verbose_name='状态')),
                ('signed_up_at', models.DateTimeField(blank=True, null=True, verbose_name='报名时间')),
                ('checked_in_at', models.DateTimeField(blank=True, null=True, verbose_name='签到时间')),
                ('via_qr', models.BooleanField(default=False, verbose_name='扫码签到')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('activity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signups',
                                               to='coop.jointactivity', verbose_name='活动')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                             related_name='joint_signups', to='members.partymember',
                                             verbose_name='党员')),
            ],
            options={
                'verbose_name': '共建活动报名',
                'verbose_name_plural': '共建活动报名',
                'ordering': ['activity', 'member__person__pinyin', 'id'],
                'constraints': [models.UniqueConstraint(fields=('activity', 'member'), name='joint_signup_once')],
            },
        ),
    ]
