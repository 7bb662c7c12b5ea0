import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0009_job_run'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='LongJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('acting_as', models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ('kind', models.CharField(max_length=60, verbose_name='类别')),
                ('label', models.CharField(max_length=200, verbose_name='任务')),
                ('params', models.JSONField(blank=True, default=dict, verbose_name='参数')),
                ('status', models.CharField(choices=[('queued', '排队中'), ('running', '生成中'), ('done', '已完成'), ('failed', '失败')], default='queued', max_length=10, verbose_name='状态')),
                ('done', models.PositiveIntegerField(default=0, verbose_name='已完成')),
                ('total', models.PositiveIntegerField(default=0, verbose_name='总数')),
                ('step', models.CharField(blank=True, max_length=200, verbose_name='当前步骤')),
                ('error', models.CharField(blank=True, max_length=500, verbose_name='失败原因')),
                ('result', models.FileField(blank=True, max_length=300, upload_to='', verbose_name='文件')),
                ('filename', models.CharField(blank=True, max_length=200, verbose_name='文件名')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='提交时间')),
                ('started', models.DateTimeField(blank=True, null=True, verbose_name='开始时间')),
                ('finished', models.DateTimeField(blank=True, null=True, verbose_name='结束时间')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='运行次数')),
                ('downloaded_at', models.DateTimeField(blank=True, null=True, verbose_name='下载时间')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='long_jobs', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '后台任务',
                'verbose_name_plural': '后台任务',
                'ordering': ['-created', '-id'],
                'indexes': [models.Index(fields=['user', 'status'], name='longjob_user_status')],
            },
        ),
    ]
