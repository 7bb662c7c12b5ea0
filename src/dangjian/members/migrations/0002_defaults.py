"""Default meeting frequencies and the "双十规范" point rules (editable afterwards)."""

from django.db import migrations

REQUIREMENTS = [
    ("committee_meeting", "month", 1), ("group_meeting", "month", 1), ("theme_day", "month", 1),
    ("general_meeting", "quarter", 1), ("party_lecture", "quarter", 1), ("life_meeting", "year", 1),
]

RULES = [
    # (direction, code, item, points, yearly cap, automatic)
    ("bonus", "attend_org_life", "按时参加组织生活", 2, 40, True),
    ("bonus", "volunteer_service", "参加志愿服务", 2, 30, True),
    ("bonus", "study", "参加学习培训、轮训", 1, 20, False),
    ("bonus", "party_lecture", "讲授党课或开展宣讲", 5, 20, False),
    ("bonus", "show_identity", "亮身份、当先锋，设岗定责履职", 2, 10, False),
    ("bonus", "help_masses", "结对帮扶困难群众", 3, 15, False),
    ("bonus", "grid_duty", "参与网格服务、收集社情民意", 2, 20, False),
    ("bonus", "mediation", "调解邻里矛盾纠纷", 3, 15, False),
    ("bonus", "advice", "为社区建设建言献策被采纳", 3, 15, False),
    ("bonus", "honor", "获得上级表彰", 10, 20, False),
    ("deduction", "absent_no_leave", "无故缺席组织生活", -3, 30, False),
    ("deduction", "dues_late", "未按时足额交纳党费", -3, 12, False),
    ("deduction", "no_study", "无故不参加学习培训", -2, 10, False),
    ("deduction", "improper_speech", "散布不当言论", -10, None, False),
    ("deduction", "break_rules", "违反社区居民公约", -5, None, False),
    ("deduction", "no_contact", "长期不与党组织联系", -5, None, False),
    ("deduction", "refuse_task", "拒不完成支部分配的任务", -3, None, False),
    ("deduction", "bad_habits", "参与赌博等不良活动", -10, None, False),
    ("deduction", "falsify", "弄虚作假、虚报成绩", -5, None, False),
    ("deduction", "uncivil", "不文明行为影响邻里", -3, None, False),
]


def add_defaults(apps, schema_editor):
    MeetingRequirement = apps.get_model("members", "MeetingRequirement")
    PointRule = apps.get_model("members", "PointRule")
    for kind, period, times in REQUIREMENTS:
        MeetingRequirement.objects.get_or_create(kind=kind, defaults={"period": period, "times": times})
    for order, (direction, code, item, points, cap, automatic) in enumerate(RULES):
        PointRule.objects.get_or_create(code=code, defaults={
            "direction": direction, "item": item, "points": points, "yearly_cap": cap, "automatic": automatic,
            "order": order})


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
