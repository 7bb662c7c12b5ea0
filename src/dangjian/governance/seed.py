"""Demo governance: decisions at every stage, four kinds of supervisors, sentiment reports."""

from datetime import timedelta

from django.utils import timezone

from dangjian.core import seeding
from dangjian.core.models import Evidence
from dangjian.core.seeding import SECRETS, seeder
from dangjian.people.models import Person

from .models import REJECTED, STAGE_KEYS, Decision, DecisionStep, SentimentReport, SupervisionRecord, Supervisor

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
