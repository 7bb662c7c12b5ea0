"""The check value that ties this database to its field key (core.keys), sealed under the key in use now."""

from django.db import migrations, models


def seal(apps, schema_editor):
    from dangjian.core.crypto import encrypt
    from dangjian.core.keys import CHECK_TEXT, key_id

    FieldKeyCheck = apps.get_model("core", "FieldKeyCheck")
    FieldKeyCheck.objects.create(key_id=key_id(), check_value=encrypt(CHECK_TEXT))


class Migration(migrations.Migration):

    dependencies = [("core", "0003_list_access")]

    operations = [
        migrations.CreateModel(
            name="FieldKeyCheck",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key_id", models.CharField(max_length=32, verbose_name="密钥编号")),
                ("check_value", models.TextField(verbose_name="校验值")),
                ("created", models.DateTimeField(auto_now_add=True, verbose_name="时间")),
            ],
            options={"verbose_name": "字段密钥校验值", "verbose_name_plural": "字段密钥校验值"},
        ),
        migrations.RunPython(seal, migrations.RunPython.noop),
    ]
