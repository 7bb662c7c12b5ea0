# Committee terms and elections (orgs/terms).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0003_two_new_method'),
    ]

    operations = [
        migrations.CreateModel(
            name='CommitteeTerm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('elected_on', models.DateField(help_text='本届委员会选举产生的日期', verbose_name='选举日期')),
                ('years', models.PositiveSmallIntegerField(default=3, help_text='按规定：党支部、党总支3年，社区党委5年', verbose_name='任期（年）')),
                ('ends_on', models.DateField(db_index=True, editable=False, verbose_name='任期届满日期')),
                ('method', models.CharField(choices=[('competitive', '差额选举'), ('equal', '等额选举')], default='competitive', max_length=20, verbose_name='选举方式')),
                ('entitled', models.PositiveIntegerField(blank=True, null=True, verbose_name='应到会党员数')),
                ('present', models.PositiveIntegerField(blank=True, null=True, verbose_name='实到会党员数')),
                ('note', models.TextField(blank=True, verbose_name='选举情况')),
                ('approved_on', models.DateField(blank=True, editable=False, null=True, verbose_name='批复日期')),
                ('approval_no', models.CharField(blank=True, editable=False, max_length=60, verbose_name='批复文号')),
                ('closed_on', models.DateField(blank=True, editable=False, help_text='下一届选举产生之日，本届任期结束', null=True, verbose_name='换届日期')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='登记时间')),
                ('updated', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('approved_by_org', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='orgs.organization', verbose_name='批复组织')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organization', models.ForeignKey(limit_choices_to={'kind__in': ('branch', 'general_branch', 'community_committee', 'two_new_org', 'grid_branch', 'volunteer_branch')}, on_delete=django.db.models.deletion.PROTECT, related_name='terms', to='orgs.organization', verbose_name='组织')),
            ],
            options={
                'verbose_name': '班子任期',
                'verbose_name_plural': '班子任期',
                'ordering': ['ends_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ElectedMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=50, verbose_name='姓名')),
                ('post', models.CharField(choices=[('secretary', '书记'), ('deputy', '副书记'), ('organization', '组织委员'), ('publicity', '宣传委员'), ('discipline', '纪检委员'), ('youth', '青年委员'), ('united_front', '统战委员'), ('member', '委员')], max_length=20, verbose_name='职务')),
                ('votes', models.PositiveIntegerField(blank=True, null=True, verbose_name='得票数')),
                ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.person', verbose_name='平台内人员')),
                ('term', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='elected', to='orgs.committeeterm', verbose_name='任期')),
            ],
            options={
                'verbose_name': '当选委员',
                'verbose_name_plural': '当选委员',
                'ordering': ['term', 'id'],
            },
        ),
        migrations.AddConstraint(
            model_name='committeeterm',
            constraint=models.UniqueConstraint(condition=models.Q(('closed_on__isnull', True)), fields=('organization',), name='term_one_current', violation_error_message='该组织已有一届未结束的任期。'),
        ),
    ]
