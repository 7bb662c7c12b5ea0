# The recruitment pipeline (members/recruitment).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0004_point_member_ack'),
    ]

    operations = [
        migrations.CreateModel(
            name='Candidate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('stage', models.CharField(choices=[('applicant', '入党申请人'), ('activist', '入党积极分子'), ('development', '发展对象'), ('probationary', '预备党员'), ('full', '正式党员'), ('stopped', '已终止')], default='applicant', max_length=20, verbose_name='阶段')),
                ('applied_on', models.DateField(verbose_name='入党申请书日期')),
                ('talked_on', models.DateField(blank=True, null=True, verbose_name='谈话日期')),
                ('talk_by', models.CharField(blank=True, max_length=50, verbose_name='谈话人')),
                ('activist_on', models.DateField(blank=True, null=True, verbose_name='确定为入党积极分子日期')),
                ('activist_filed_on', models.DateField(blank=True, null=True, verbose_name='积极分子报上级党委备案日期')),
                ('developed_on', models.DateField(blank=True, null=True, verbose_name='确定为发展对象日期')),
                ('developed_filed_on', models.DateField(blank=True, null=True, verbose_name='发展对象报上级党委备案日期')),
                ('reviewed_on', models.DateField(blank=True, null=True, verbose_name='政治审查日期')),
                ('review_conclusion', models.CharField(blank=True, max_length=200, verbose_name='政审结论')),
                ('trained_until', models.DateField(blank=True, null=True, verbose_name='集中培训结业日期')),
                ('training_days', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='培训天数')),
                ('training_hours', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='培训学时')),
                ('training_certificate', models.CharField(blank=True, max_length=50, verbose_name='结业证书编号')),
                ('introduced_on', models.DateField(blank=True, null=True, verbose_name='确定入党介绍人日期')),
                ('committee_reviewed_on', models.DateField(blank=True, null=True, verbose_name='支部委员会审查日期')),
                ('prereviewed_on', models.DateField(blank=True, null=True, verbose_name='上级党委预审日期')),
                ('voted_on', models.DateField(blank=True, null=True, verbose_name='支部大会通过日期')),
                ('vote_entitled', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='有表决权的正式党员数')),
                ('vote_attended', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='到会有表决权的正式党员数')),
                ('vote_for', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='赞成票')),
                ('vote_against', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='反对票')),
                ('approved_on', models.DateField(blank=True, null=True, verbose_name='上级党委审批日期')),
                ('oath_on', models.DateField(blank=True, null=True, verbose_name='入党宣誓日期')),
                ('extended_months', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='延长预备期（月）')),
                ('extended_on', models.DateField(blank=True, null=True, verbose_name='延长预备期决定日期')),
                ('extension_reason', models.CharField(blank=True, max_length=200, verbose_name='延长预备期原因')),
                ('convert_voted_on', models.DateField(blank=True, null=True, verbose_name='支部大会讨论转正日期')),
                ('convert_entitled', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='转正：有表决权的正式党员数')),
                ('convert_attended', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='转正：到会有表决权的正式党员数')),
                ('convert_for', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='转正：赞成票')),
                ('convert_against', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='转正：反对票')),
                ('converted_on', models.DateField(blank=True, null=True, verbose_name='上级党委批准转正日期')),
                ('stopped_on', models.DateField(blank=True, null=True, verbose_name='终止日期')),
                ('stop_reason', models.CharField(blank=True, max_length=200, verbose_name='终止原因')),
                ('next_step', models.CharField(blank=True, choices=[('apply', '递交入党申请书'), ('talk', '入党谈话'), ('activist', '确定为入党积极分子'), ('observe', '培养考察'), ('develop', '确定为发展对象'), ('review', '政治审查'), ('training', '集中培训'), ('introducers', '确定入党介绍人'), ('committee_review', '支部委员会审查'), ('prereview', '上级党委预审'), ('vote', '支部大会讨论接收预备党员'), ('approve', '上级党委审批（预备党员）'), ('oath', '入党宣誓'), ('extend', '延长预备期'), ('convert_vote', '支部大会讨论转正'), ('convert_approve', '上级党委审批转正'), ('stop', '终止发展')], max_length=20, verbose_name='下一步')),
                ('next_from', models.DateField(blank=True, null=True, verbose_name='最早可办日期')),
                ('next_due', models.DateField(blank=True, null=True, verbose_name='办理期限')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('updated', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('branch', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='candidates', to='orgs.organization', verbose_name='所在支部')),
                ('contact_1', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.partymember', verbose_name='培养联系人一')),
                ('contact_2', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.partymember', verbose_name='培养联系人二')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
                ('introducer_1', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.partymember', verbose_name='入党介绍人一')),
                ('introducer_2', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.partymember', verbose_name='入党介绍人二')),
                ('member', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='candidacy', to='members.partymember', verbose_name='党员记录')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='candidacies', to='people.person', verbose_name='人员')),
            ],
            options={
                'verbose_name': '发展党员',
                'verbose_name_plural': '发展党员',
                'ordering': ['branch__path', 'applied_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='CandidateStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('step', models.CharField(choices=[('apply', '递交入党申请书'), ('talk', '入党谈话'), ('activist', '确定为入党积极分子'), ('observe', '培养考察'), ('develop', '确定为发展对象'), ('review', '政治审查'), ('training', '集中培训'), ('introducers', '确定入党介绍人'), ('committee_review', '支部委员会审查'), ('prereview', '上级党委预审'), ('vote', '支部大会讨论接收预备党员'), ('approve', '上级党委审批（预备党员）'), ('oath', '入党宣誓'), ('extend', '延长预备期'), ('convert_vote', '支部大会讨论转正'), ('convert_approve', '上级党委审批转正'), ('stop', '终止发展')], max_length=20, verbose_name='环节')),
                ('date', models.DateField(verbose_name='日期')),
                ('note', models.TextField(blank=True, verbose_name='情况记录')),
                ('document', models.CharField(blank=True, help_text='材料名称或编号，如“入党申请书”', max_length=200, verbose_name='材料')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='登记时间')),
                ('candidate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='members.candidate', verbose_name='发展对象')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
            ],
            options={
                'verbose_name': '发展党员环节',
                'verbose_name_plural': '发展党员环节',
                'ordering': ['candidate', 'date', 'id'],
            },
        ),
        migrations.AddIndex(
            model_name='candidate',
            index=models.Index(fields=['branch', 'stage'], name='candidate_branch_stage'),
        ),
        migrations.AddIndex(
            model_name='candidate',
            index=models.Index(fields=['next_due'], name='candidate_next_due'),
        ),
    ]
