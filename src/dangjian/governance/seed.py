"""Demo governance: decisions at every stage, four kinds of supervisors, sentiment reports."""

from datetime import timedelta

from django.utils import timezone

from dangjian.core import seeding
from dangjian.core.models import Evidence
from dangjian.core.seeding import SECRETS, seeder
from dangjian.people.models import Person

from .models import (
    REJECTED,
    SOLICITING,
    STAGE_KEYS,
    Decision,
    DecisionStep,
    Opinion,
    SentimentReport,
    SupervisionRecord,
    Supervisor,
)

TOPICS = ["小区加装电梯", "老旧小区下水道改造", "停车位规划", "广场舞时间和音量约定"]


@seeder(90)
def seed_governance(ctx):
    rng = ctx.rng
    today = timezone.localdate()
    for index, community in enumerate(ctx.data["communities"]):
        turn = index % ctx.scale.communities_per_street % 3  # each community of a street decides its own first
        people = list(Person.objects.filter(organization__in=seeding.orgs_under(ctx, community.path))
                      .defer(*SECRETS)[:8])
        decisions, steps, noticed = [], [], None
        for i, title in enumerate(TOPICS[turn:3] + TOPICS[:turn]):
            reached = STAGE_KEYS[: rng.randint(1, len(STAGE_KEYS))] if i else STAGE_KEYS
            d = Decision(community=community, title=title, background="居民反映集中，需民主决策。", stage=reached[-1],
                         opinions_count=rng.randint(20, 120))
            if "resolve" in reached:
                d.votes_for, d.votes_against, d.votes_abstain = (rng.randint(30, 45), rng.randint(0, 5),
                                                                  rng.randint(0, 3))
            decisions.append(d)
            for k, stage in enumerate(reached):
                step = DecisionStep(decision=d, stage=stage, date=today - timedelta(days=60 - 10 * k),
                                    record="按程序办理，形成记录。")
                steps.append(step)
                if not i and stage == "publish_result":  # the notice board, photographed
                    noticed = step
        rejected, its_steps = _voted_down(community, today)
        Decision.objects.bulk_create(decisions + [rejected])
        DecisionStep.objects.bulk_create(steps + its_steps)
        if noticed is not None:
            photo = seeding.demo_photo("结果公开栏.png")
            noticed.attachments.add(Evidence.store(photo, community, None))
        supervisors, records = [], []
        for post, person in zip(Supervisor.Post.values, people[:4], strict=False):
            s = Supervisor(community=community, person=person, post=post, since=today - timedelta(days=400))
            supervisors.append(s)
            records.append(SupervisionRecord(
                community=community,
                supervisor=s,
                subject=rng.choice(SupervisionRecord.Subject.values),
                date=today - timedelta(days=rng.randint(5, 90)),
                finding="情况正常，建议公开经费明细。",
                follow_up="已在公开栏公示。",
            ))
        Supervisor.objects.bulk_create(supervisors)
        SupervisionRecord.objects.bulk_create(records)
        SentimentReport.objects.bulk_create(
            SentimentReport(community=community, topic=topic, content=f"居民反映{topic}。", location="3号楼",
                            urgency=rng.choice(["normal", "urgent"]))
            for topic in ("楼道灯不亮", "垃圾清运不及时"))
        _residents_voice(ctx, index, community, today)
    ctx.out(f"民主决策事项：{Decision.objects.count()} 项")


def _voted_down(community, today):
    """One proposal per community the representatives voted down: it stops at 未通过, off the board.
    No random draws, so the rest of the demo stays as it was. Returned unsaved, with its steps."""
    votes = (12, 20, 4)
    decision = Decision(community=community, title=TOPICS[3], background="部分居民反映噪音扰民。", stage=REJECTED,
                        opinions_count=36, votes_for=votes[0], votes_against=votes[1], votes_abstain=votes[2])
    steps = []
    for k, stage in enumerate(STAGE_KEYS[:4]):
        record = "按程序办理，形成记录。"
        if stage == "resolve":
            record = ("居民代表会议表决（赞成{}、反对{}、弃权{}，赞成票未超过投票总数的一半，表决未通过；"
                      "终止办理，事项未通过）").format(*votes)
        steps.append(DecisionStep(decision=decision, stage=stage, date=today - timedelta(days=40 - 10 * k),
                                  record=record))
    return decision, steps


OPINIONS = [("建议放在小区中心广场，老人孩子都方便。", "李大爷"), ("不要靠近住户窗户，早晚锻炼有噪音。", ""),
            ("希望增加适合老年人的器材。", "")]
# (topic, location, what became of it): answers are (fixed, rating), or None while the resident is asked.
RESIDENT_REPORTS = [
    ("3号楼楼道灯不亮", "3号楼2单元", ("fixed", (True, 5))),
    ("小区东门路面坑洼", "小区东门", ("fixed", (True, 4))),
    ("垃圾站异味大", "5号楼北侧垃圾站", ("asked", None)),
    ("广场路灯损坏", "中心广场", ("new", None)),
]


def _residents_voice(ctx, index, community, today):
    """What residents did on their phones: opinions on an item being drafted, 社情民意 with where and a photo,
    at their grid; the ones turned into problems resolved and answered — some "未解决" and reopened at the
    street — so the satisfaction differs from community to community. No random draws (the rest of the demo
    stays as it was)."""
    from datetime import datetime, time

    from django.contrib.auth import get_user_model

    from dangjian.core import tree
    from dangjian.ledgers.choices import Category, ProblemStatus, Source
    from dangjian.ledgers.models import Problem, ProblemFeedback
    from dangjian.orgs.models import Organization

    grids = [g for g in ctx.data["grids"] if tree.is_within(g.organization.path, community.path)]
    if not grids:
        return
    grid = grids[0]
    resident = None
    if ctx.first and index == 0:  # the demo resident lives in the first grid of community A
        resident = get_user_model().objects.filter(username="resident").first()
    open_item = Decision.objects.create(community=community, title="社区健身器材更新选址", stage=SOLICITING,
                                        background="健身器材老化，拟更新并重新选址，征求居民意见。")
    Opinion.objects.bulk_create(Opinion(decision=open_item, grid=grids[k % len(grids)], signed_name=name,
                                        content=text) for k, (text, name) in enumerate(OPINIONS))
    street = Organization.objects.get(path=tree.parent_path(community.path))
    answers = list(RESIDENT_REPORTS)
    if index % 3 == 2:  # every third community: residents say two of its fixes did not hold
        answers[1] = (answers[1][0], answers[1][1], ("reopened", (False, 2)))
        answers.append(("单元门禁经常失灵", "7号楼1单元", ("reopened", (False, 1))))
    for k, (topic, where, (fate, answer)) in enumerate(answers):
        report = SentimentReport.objects.create(
            community=community, grid=grids[k % len(grids)] if resident is None else grid, reporter=resident,
            by_resident=True, topic=topic, content=f"居民在手机上反映：{topic}，请尽快处理。", location=where)
        if fate == "new":
            report.photo = Evidence.store(seeding.demo_photo("现场照片.png"), report.grid.organization, None)
            report.save(update_fields=["photo"])
            continue
        found = today - timedelta(days=40 - 5 * k)
        resolved = found + timedelta(days=7)
        reopened = fate == "reopened"
        problem = Problem.objects.create(
            organization=street if reopened else community, title=topic, category=Category.SERVICE,
            source=Source.SENTIMENT, found_on=found, deadline=found + timedelta(days=15),
            responsible_org=street if reopened else community,
            status=ProblemStatus.OPEN if reopened else ProblemStatus.RESOLVED,
            resolution="" if reopened else "已安排物业维修完毕。", resolved_on=None if reopened else resolved,
            raised_by=resident, raised_in=community)
        report.status, report.problem = SentimentReport.Status.PROBLEM, problem
        report.save(update_fields=["status", "problem"])
        feedback = ProblemFeedback(problem=problem, community=community, resident=resident, asked_on=resolved)
        if answer is not None:
            feedback.fixed, feedback.rating = answer
            feedback.answered_at = timezone.make_aware(datetime.combine(resolved + timedelta(days=2), time(10)))
            feedback.comment = "修好了，谢谢社区！" if answer[0] else "维修后没几天又坏了。"
        feedback.save()
