# Mobile members (members/mobile).

import dangjian.core.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0006_transfers'),
    ]

    operations = [
        migrations.CreateModel(
            name='Inflow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('home_org', models.CharField(max_length=100, verbose_name='组织关系所在党组织')),
                ('home_place', models.CharField(blank=True, help_text='来自何省市县（区）', max_length=100, verbose_name='流出地')),
                ('card_number', models.CharField(blank=True, max_length=40, verbose_name='流动党员活动证编号')),
                ('join_date', models.DateField(blank=True, null=True, verbose_name='入党日期')),
                ('start', models.DateField(verbose_name='流入日期')),
                ('end', models.DateField(blank=True, null=True, verbose_name='离开日期')),
                ('note', models.TextField(blank=True, verbose_name='参加组织生活情况')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='登记时间')),
                ('updated', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('branch', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='inflow_members', to='orgs.organization', verbose_name='参加组织生活的支部')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='inflows', to='people.person', verbose_name='人员')),
            ],
            options={
                'verbose_name': '流入党员',
                'verbose_name_plural': '流入党员',
                'ordering': ['-start', '-id'],
            },
        ),
        migrations.CreateModel(
            name='InflowParticipation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(verbose_name='日期')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='参加情况')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='登记时间')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('inflow', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='participations', to='members.inflow', verbose_name='流入党员')),
                ('meeting', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='inflow_participations', to='members.orglifemeeting', verbose_name='组织生活')),
            ],
            options={
                'verbose_name': '流入党员参加组织生活',
                'verbose_name_plural': '流入党员参加组织生活',
                'ordering': ['-date', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Outflow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('place', models.CharField(help_text='省市县（区）及详细地点', max_length=100, verbose_name='流入地')),
                ('unit', models.CharField(blank=True, max_length=100, verbose_name='工作（居住）单位')),
                ('phone', dangjian.core.fields.EncryptedCharField(blank=True, verbose_name='外出期间联系电话')),
                ('card_number', models.CharField(blank=True, max_length=40, verbose_name='流动党员活动证编号')),
                ('card_issued', models.DateField(blank=True, null=True, verbose_name='活动证发放日期')),
                ('host_org', models.CharField(blank=True, max_length=100, verbose_name='流入地党组织')),
                ('host_contact', models.CharField(blank=True, max_length=100, verbose_name='流入地党组织联系人及电话')),
                ('start', models.DateField(verbose_name='外出日期')),
                ('expected_return', models.DateField(blank=True, null=True, verbose_name='预计返回日期')),
                ('returned_on', models.DateField(blank=True, editable=False, null=True, verbose_name='返回日期')),
                ('note', models.TextField(blank=True, verbose_name='备注')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='登记时间')),
                ('updated', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='outflows', to='members.partymember', verbose_name='党员')),
            ],
            options={
                'verbose_name': '流出党员',
                'verbose_name_plural': '流出党员',
                'ordering': ['-start', '-id'],
            },
        ),
        migrations.CreateModel(
            name='OutflowContact',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(verbose_name='联系日期')),
                ('note', models.CharField(max_length=200, verbose_name='联系情况')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='登记时间')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('outflow', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contacts', to='members.outflow', verbose_name='流出登记')),
            ],
            options={
                'verbose_name': '流出党员联系记录',
                'verbose_name_plural': '流出党员联系记录',
                'ordering': ['-date', '-id'],
            },
        ),
        migrations.AddConstraint(
            model_name='inflowparticipation',
            constraint=models.UniqueConstraint(fields=('inflow', 'meeting'), name='inflow_meeting_once', violation_error_message='已登记参加该次组织生活。'),
        ),
        migrations.AddConstraint(
            model_name='outflow',
            constraint=models.UniqueConstraint(condition=models.Q(('returned_on__isnull', True)), fields=('member',), name='outflow_one_open', violation_error_message='该党员已有未返回的外出流动登记。'),
        ),
    ]
