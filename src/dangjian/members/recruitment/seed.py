"""Demo recruitment: residents at every stage of the pipeline in several branches, dated relative to today.

Each scenario is a set of step dates (days before today) that keeps the time rules; some steps are overdue (a
talk not held within a month, an approval past three months) and one probation is extended. Those approved as
预备党员 get their party member record here, as the pipeline's approval would make it. The tiny world (tests)
puts one candidate of each stage into every branch, so communities A and B both have samples for the matrices.
"""

from datetime import timedelta

from django.utils import timezone

from dangjian.core import bulkload, tree
from dangjian.core.dates import add_months
from dangjian.core.seeding import seeder
from dangjian.people.models import Person

from ..choices import Category
from ..models import Candidate, CandidateStep, PartyMember
from . import rules
from .choices import Stage, Step

# Each scenario: the stage, then {date field: days before today}. Later scenarios include the earlier steps.
_DEVELOPED = {"applied_on": 620, "talked_on": 600, "activist_on": 560}
_PREREVIEWED = {**_DEVELOPED, "developed_on": 160, "reviewed_on": 130, "trained_until": 120, "introduced_on": 110,
                "committee_reviewed_on": 100, "prereviewed_on": 90}
SCENARIOS = [
    ("applicant", Stage.APPLICANT, {"applied_on": 20}),
    ("applicant_overdue", Stage.APPLICANT, {"applied_on": 50}),
    ("activist", Stage.ACTIVIST, {"applied_on": 200, "talked_on": 185, "activist_on": 150}),
    ("development", Stage.DEVELOPMENT, {**_DEVELOPED, "developed_on": 60, "reviewed_on": 30}),
    ("prereview", Stage.DEVELOPMENT, {**_DEVELOPED, "developed_on": 90, "reviewed_on": 60, "trained_until": 50,
                                       "introduced_on": 45, "committee_reviewed_on": 10}),
    ("probationary", Stage.PROBATIONARY, {**_PREREVIEWED, "voted_on": 80, "approved_on": 50, "oath_on": 40}),
    ("full", Stage.FULL, {"applied_on": 1500, "talked_on": 1480, "activist_on": 1450, "developed_on": 1000,
                          "reviewed_on": 980, "trained_until": 970, "introduced_on": 960,
                          "committee_reviewed_on": 950, "prereviewed_on": 940, "voted_on": 900, "approved_on": 870,
                          "oath_on": 860, "convert_voted_on": 530, "converted_on": 500}),
    ("activist_ready", Stage.ACTIVIST, {"applied_on": 460, "talked_on": 450, "activist_on": 400}),
    ("voted_overdue", Stage.DEVELOPMENT, {**_PREREVIEWED, "voted_on": 100}),
    ("extended", Stage.PROBATIONARY, {"applied_on": 1100, "talked_on": 1090, "activist_on": 1050, "developed_on": 650,
                                      "reviewed_on": 630, "trained_until": 620, "introduced_on": 610,
                                      "committee_reviewed_on": 600, "prereviewed_on": 590, "voted_on": 420,
                                      "approved_on": 400, "oath_on": 390, "extended_on": 40}),
    ("probation_ending", Stage.PROBATIONARY, {"applied_on": 940, "talked_on": 920, "activist_on": 900,
                                              "developed_on": 500, "reviewed_on": 480,
                                              "trained_until": 470, "introduced_on": 460,
                                              "committee_reviewed_on": 450, "prereviewed_on": 440, "voted_on": 380,
                                              "approved_on": 350, "oath_on": 340}),
    ("stopped", Stage.STOPPED, {"applied_on": 300, "talked_on": 290, "stopped_on": 100}),
]
# The tiny world gives every branch one of each stage; larger worlds give the first branches the whole set and
# the rest a few each (the same scenarios in turn).
TINY = ("applicant", "activist", "prereview", "voted_overdue", "probationary", "extended", "full")
NOTES = {Step.TALK: "了解入党动机，介绍党的基本知识。", Step.OBSERVE: "思想积极，参加社区志愿服务，群众评价好。",
         Step.REVIEW: "政治审查合格", Step.STOP: "本人申请暂缓，终止发展程序。"}


def _applicant(ctx, branch, today, applied) -> Person:
    """A new resident of the branch's community who applies: 18 or older at the application (22 to 45 today)."""
    from dangjian.people import idcard
    from dangjian.people.seed import REGIONS

    rng, fake = ctx.rng, ctx.fake
    used: set[str] = ctx.shared.setdefault("id_numbers", set())
    gender = rng.choice("MF")
    born = today - timedelta(days=rng.randrange(22 * 366, 45 * 365))
    born = min(born, add_months(applied, -12 * rules.ADULT_AGE) - timedelta(days=rng.randrange(0, 900)))
    while True:
        number = idcard.make(rng.choice(REGIONS), born, rng.randrange(0, 500), gender)
        if number not in used:
            used.add(number)
            break
    person = Person(organization=branch, name=fake.name_male() if gender == "M" else fake.name_female(),
                    gender=gender, birth_date=born, id_number=number,
                    phone=f"1{rng.choice('3578')}{rng.randrange(10**9):09d}", note="入党申请人")
    person.fill_derived()
    return person


@seeder(41)
def seed_recruitment(ctx):
    today = timezone.localdate()
    by_branch = ctx.data.get("members_by_branch", {})
    communities = {c.path: c for c in ctx.data["communities"]}
    candidates, members, people = [], [], []
    tiny = ctx.scale.name == "tiny"
    branches = [b for b in ctx.data["branches"] if b.kind == "branch"]
    for index, branch in enumerate(branches):
        community = communities.get(tree.at_depth(branch.path, tree.COMMUNITY_DEPTH))
        full = [m for m in by_branch.get(branch.pk, []) if m.category == Category.FULL]
        if community is None or len(full) < 2:
            continue
        if tiny:
            wanted = [s for s in SCENARIOS if s[0] in TINY]
        elif index < 6:
            wanted = SCENARIOS
        elif index < 60:
            wanted = [SCENARIOS[(index + k) % len(SCENARIOS)] for k in range(3)]
        else:
            continue  # a district's worth of branches beyond: the demo's figures need no more
        for _, stage, days in wanted:
            person = _applicant(ctx, branch, today, today - timedelta(days=days["applied_on"]))
            people.append(person)
            c = Candidate(person=person, branch=branch, stage=stage,
                          **{f: today - timedelta(days=d) for f, d in days.items()})
            _fill(c, full)
            if c.voted_on and c.approved_on:
                m = PartyMember(person=person, branch=branch, join_date=c.voted_on,
                                category=Category.FULL if stage == Stage.FULL else Category.PROBATIONARY,
                                full_date=rules.probation_end(c) if stage == Stage.FULL else None,
                                note="由发展党员程序接收为预备党员")
                members.append(m)
                c._member = m
            c.next_step, c.next_from, c.next_due = rules.plan(c)
            candidates.append(c)
    bulkload.insert_objects(Person, people)
    members = bulkload.insert_objects(PartyMember, members) if members else []
    for c in candidates:
        if hasattr(c, "_member"):
            c.member = c._member
    candidates = bulkload.insert_objects(Candidate, candidates) if candidates else []
    steps = [s for c in candidates for s in _steps(c)]
    if steps:
        bulkload.insert_objects(CandidateStep, steps)
    ctx.out(f"发展党员：{len(candidates)} 人（其中接收预备党员 {len(members)} 人）")


def _fill(c, full) -> None:
    """The non-date data a scenario's steps carry: the talker, the two contacts and introducers, the votes."""
    if c.talked_on:
        c.talk_by = full[0].person.name if hasattr(full[0], "person") else "支部书记"
    if c.activist_on:
        c.contact_1, c.contact_2 = full[0], full[1]
    if c.reviewed_on:
        c.review_conclusion = "政治审查合格"
    if c.trained_until:
        c.training_days, c.training_hours, c.training_certificate = 3, 24, f"PX{c.trained_until:%Y%m%d}"
    if c.introduced_on:
        c.introducer_1, c.introducer_2 = full[-1], full[-2]
    n = len(full)
    if c.voted_on:
        c.vote_entitled, c.vote_attended, c.vote_for, c.vote_against = n, n, n, 0
    if c.extended_on:
        c.extended_months, c.extension_reason = 6, "预备期内参加组织生活不够经常，需继续考察。"
    if c.convert_voted_on:
        c.convert_entitled, c.convert_attended, c.convert_for, c.convert_against = n, n, n, 0
    if c.stopped_on:
        c.stop_reason = NOTES[Step.STOP]


def _steps(c) -> list[CandidateStep]:
    """The timeline rows the steps would have left: one per recorded date, plus half-yearly observations."""
    rows = [CandidateStep(candidate=c, step=Step.APPLY, date=c.applied_on, document="入党申请书")]
    for step, rule in rules.RULES.items():
        day = getattr(c, rule.done) if rule.done else None
        if day is not None:
            rows.append(CandidateStep(candidate=c, step=step, date=day, note=NOTES.get(step, ""),
                                      document=FORM_DOCUMENTS.get(step, "")))
    if c.activist_on:
        end = c.developed_on or timezone.localdate()
        day = add_months(c.activist_on, rules.OBSERVE_MONTHS)
        while day <= end:
            rows.append(CandidateStep(candidate=c, step=Step.OBSERVE, date=day, note=NOTES[Step.OBSERVE],
                                      document="培养考察意见"))
            day = add_months(day, rules.OBSERVE_MONTHS)
    return rows


FORM_DOCUMENTS = {Step.TALK: "谈话记录", Step.ACTIVIST: "支部委员会会议记录", Step.DEVELOP: "支部委员会会议记录",
                  Step.REVIEW: "政治审查综合材料", Step.TRAINING: "培训结业证书", Step.INTRODUCERS: "入党志愿书",
                  Step.COMMITTEE_REVIEW: "支部委员会审查意见", Step.PREREVIEW: "预审意见", Step.VOTE: "支部大会决议",
                  Step.APPROVE: "上级党委审批意见", Step.OATH: "入党宣誓", Step.EXTEND: "支部大会决议",
                  Step.CONVERT_VOTE: "支部大会决议", Step.CONVERT_APPROVE: "上级党委审批意见"}
