"""Next year's committee tasks and responsibility letters: what the report's "下一步" section reads."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from dangjian.core.seeding import seeder
from dangjian.ledgers.models import ResponsibilityLetter, Task

# category, title, target, unit, deadline (month, day): the committee's tasks for next year, as the reference's
# "下一步重点工作" sets them; the report's Section 三 writes each with its target ("上半年打造…2个"). A task whose
# title says how often ("每月…", the target per community) is written as titled; one without a target (the four
# levels of positions exist already: the task is to make them better) likewise.
NEXT_TASKS = [
    ("responsibility", "每月召开党建工作专题会议研究党建重点工作", 12, "次", 12, 31),
    ("position", "重新规划社区党群服务中心功能室", 2, "个", 9, 30),
    ("education", "开展实践教学、技能培训和红色教育等轮训课程", 6, "次", 10, 31),
    ("regional", "打造社区共驻共建服务项目", 2, "个", 6, 30),
    ("regional", "各社区每月开展共驻共建活动", 12, "次", 12, 31),
    ("education", "评选小区楼院党员之星、志愿者之星和五好党员家庭", 30, "名（户）", 11, 30),
    ("two_new", "培育“两新”党建示范点", 2, "个", 9, 30),
    ("brand", "在党群服务中心设立常设服务项目", 5, "项", 6, 30),
    ("position", "用好街道、社区、楼院、广场“四级”红色党建阵地，营造更加浓厚的党建氛围", None, "", 12, 31),
]


@seeder(99)
def seed_next_year(ctx):
    nxt = timezone.localdate().year + 1
    for street in ctx.data["streets"]:
        Task.objects.bulk_create(
            Task(organization=street, year=nxt, title=title, category=category, target_unit=unit,
                 target_value=None if target is None else Decimal(target), deadline=date(nxt, month, day))
            for category, title, target, unit, month, day in NEXT_TASKS)
        ResponsibilityLetter.objects.bulk_create(
            ResponsibilityLetter(committee=street, community=c, year=nxt) for c in ctx.data["communities"]
            if c.path.startswith(street.path))
