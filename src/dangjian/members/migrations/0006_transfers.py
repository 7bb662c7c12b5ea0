# Transfers of the organizational relationship (members/transfers).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0005_recruitment'),
    ]

    operations = [
        migrations.CreateModel(
            name='Transfer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('within', '平台内转接'), ('out', '转出平台外'), ('in', '从平台外转入')], default='within', max_length=10, verbose_name='转接类型')),
                ('status', models.CharField(choices=[('pending', '待接收'), ('accepted', '已接收'), ('rejected', '已退回'), ('cancelled', '已撤回'), ('issued', '已开介绍信（待回执）'), ('returned', '已回执'), ('registered', '已转入')], default='pending', max_length=12, verbose_name='状态')),
                ('outside_org', models.CharField(blank=True, help_text='转出时为接收党组织，转入时为原所在党组织。', max_length=100, verbose_name='平台外党组织')),
                ('outside_parent', models.CharField(blank=True, max_length=100, verbose_name='其上级党组织')),
                ('letter_number', models.CharField(blank=True, max_length=40, verbose_name='介绍信编号')),
                ('valid_days', models.PositiveSmallIntegerField(default=30, verbose_name='有效期（天）')),
                ('valid_until', models.DateField(blank=True, null=True, verbose_name='有效期至')),
                ('date', models.DateField(verbose_name='转接日期')),
                ('reason', models.CharField(max_length=200, verbose_name='转接原因')),
                ('decided_on', models.DateField(blank=True, null=True, verbose_name='接收（退回）日期')),
                ('decision_note', models.CharField(blank=True, max_length=200, verbose_name='退回理由')),
                ('returned_on', models.DateField(blank=True, null=True, verbose_name='回执日期')),
                ('status_before', models.CharField(blank=True, editable=False, max_length=20, verbose_name='转出前状态')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('updated', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='发起人')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='办理人')),
                ('from_branch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='transfers_out', to='orgs.organization', verbose_name='转出支部')),
                ('from_community', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organization', verbose_name='转出社区')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='transfers', to='members.partymember', verbose_name='党员')),
                ('to_branch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='transfers_in', to='orgs.organization', verbose_name='接收支部')),
                ('to_community', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organization', verbose_name='接收社区')),
            ],
            options={
                'verbose_name': '组织关系转接',
                'verbose_name_plural': '组织关系转接',
                'ordering': ['-date', '-id'],
            },
        ),
        migrations.AddIndex(
            model_name='transfer',
            index=models.Index(fields=['status', 'valid_until'], name='transfer_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='transfer',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('member',), name='transfer_one_pending_per_member'),
        ),
        migrations.AddConstraint(
            model_name='transfer',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'out')), fields=('letter_number',), name='transfer_letter_number_once', violation_error_message='该介绍信编号已使用。'),
        ),
    ]
