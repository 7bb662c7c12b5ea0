# Party dues (members/dues).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0007_mobile'),
    ]

    operations = [
        migrations.CreateModel(
            name='DuesBatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file_name', models.CharField(blank=True, max_length=200, verbose_name='文件名')),
                ('rows', models.PositiveIntegerField(default=0, verbose_name='行数')),
                ('total_fen', models.PositiveBigIntegerField(default=0, verbose_name='金额合计（分）')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='导入时间')),
                ('imported_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='导入人')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organization', verbose_name='导入组织')),
            ],
            options={
                'verbose_name': '银行代扣批次',
                'verbose_name_plural': '银行代扣批次',
                'ordering': ['-created', '-id'],
            },
        ),
        migrations.CreateModel(
            name='DuesExemption',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('start', models.DateField(verbose_name='起始月份')),
                ('end', models.DateField(blank=True, help_text='留空表示长期', null=True, verbose_name='截止月份')),
                ('monthly_fen', models.PositiveIntegerField(default=0, help_text='0 表示免交', verbose_name='减免后每月应交（分）')),
                ('reason', models.CharField(max_length=200, verbose_name='减免理由')),
                ('status', models.CharField(choices=[('pending', '待审批'), ('approved', '已批准'), ('rejected', '未批准')], default='pending', max_length=10, verbose_name='状态')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='审批时间')),
                ('decision_note', models.CharField(blank=True, max_length=200, verbose_name='审批意见')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='申请时间')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审批人')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='dues_exemptions', to='members.partymember', verbose_name='党员')),
                ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='申请人')),
            ],
            options={
                'verbose_name': '党费减免',
                'verbose_name_plural': '党费减免',
                'ordering': ['-created', '-id'],
            },
        ),
        migrations.CreateModel(
            name='DuesStandard',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('effective_from', models.DateField(help_text='自该月起执行', verbose_name='起始月份')),
                ('kind', models.CharField(choices=[('employed', '在职'), ('retired', '离退休'), ('low_income', '学生、下岗失业、领取最低生活保障'), ('fixed', '其他（固定数额）')], default='employed', max_length=20, verbose_name='党员类型')),
                ('income_fen', models.PositiveBigIntegerField(default=0, verbose_name='月收入基数（分）')),
                ('rate_bp', models.PositiveIntegerField(default=0, verbose_name='交纳比例（万分之）')),
                ('monthly_fen', models.PositiveIntegerField(verbose_name='每月应交（分）')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='备注')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='登记时间')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='dues_standards', to='members.partymember', verbose_name='党员')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
            ],
            options={
                'verbose_name': '党费标准',
                'verbose_name_plural': '党费标准',
                'ordering': ['member', '-effective_from', '-id'],
            },
        ),
        migrations.CreateModel(
            name='DuesMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(help_text='该月1日', verbose_name='月份')),
                ('due_fen', models.PositiveIntegerField(verbose_name='应交（分）')),
                ('paid_fen', models.PositiveIntegerField(default=0, verbose_name='实交（分）')),
                ('paid_on', models.DateField(blank=True, null=True, verbose_name='交纳日期')),
                ('method', models.CharField(blank=True, choices=[('cash', '现金'), ('transfer', '转账'), ('bank', '银行代扣')], max_length=10, verbose_name='交纳方式')),
                ('updated', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('batch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='months', to='members.duesbatch', verbose_name='代扣批次')),
                ('branch', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organization', verbose_name='支部')),
                ('exemption', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='members.duesexemption', verbose_name='减免')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='dues_months', to='members.partymember', verbose_name='党员')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
                ('standard', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='members.duesstandard', verbose_name='执行标准')),
            ],
            options={
                'verbose_name': '月度党费',
                'verbose_name_plural': '月度党费',
                'ordering': ['-month', 'member_id'],
            },
        ),
        migrations.AddIndex(
            model_name='duesstandard',
            index=models.Index(fields=['member', 'effective_from'], name='dues_standard_member_from'),
        ),
        migrations.AddIndex(
            model_name='duesmonth',
            index=models.Index(fields=['branch', 'month'], name='dues_month_branch'),
        ),
        migrations.AddIndex(
            model_name='duesmonth',
            index=models.Index(condition=models.Q(('paid_fen__lt', models.F('due_fen'))), fields=['member'], name='dues_month_owing'),
        ),
        migrations.AddConstraint(
            model_name='duesmonth',
            constraint=models.UniqueConstraint(fields=('member', 'month'), name='dues_month_once'),
        ),
    ]
