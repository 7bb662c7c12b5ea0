from django.db import migrations

LEVELS = [(1, "一级（重点）", "每周上门走访，建立一对一帮扶", 7), (2, "二级（一般）", "每月走访，定期电话问候", 30),
          (3, "三级（关注）", "每季度走访，节日慰问", 90)]


def add_levels(apps, schema_editor):
    AssistanceLevel = apps.get_model("care", "AssistanceLevel")
    for level, label, measures, days in LEVELS:
        AssistanceLevel.objects.get_or_create(level=level, defaults={"label": label, "measures": measures,
                                                                     "visit_interval_days": days})


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial")]
    operations = [migrations.RunPython(add_levels, migrations.RunPython.noop)]
