"""The time rules of 发展党员, declared once (《中国共产党发展党员工作细则》).

`RULES` lists every step in the order of the pipeline: the stages it may happen in, the steps that must come
first (`needs`: their date fields), the field that records it (`done`), the earliest date it may carry and the
deadline it is due by, both functions of the candidate's recorded dates. The actions enforce it (a step too
early is refused naming the date it becomes possible), the candidate's page shows it, and `plan` stores what
comes next on the row so that lists, to-do items and reminders find due and overdue steps in SQL.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from dangjian.core.dates import add_months

from .choices import Stage, Step

ADULT_AGE = 18
ACTIVIST_YEARS = 1  # at least one year as 入党积极分子 before 发展对象 (细则第十三条)
TALK_MONTHS = 1  # the branch talks to an applicant within one month (第八条)
APPROVAL_MONTHS = 3  # the level above approves within three months of the branch meeting (第二十九条)
APPROVAL_LIMIT_MONTHS = 6  # "遇有特殊情况可适当延长审批时间，但不得超过六个月"
PROBATION_MONTHS = 12  # 预备期为一年，从支部大会通过之日算起 (第三十二条)
EXTENSION_MONTHS = (6, 12)  # 延长预备期，最短半年，最长不超过一年 (第三十五条)
CONVERT_VOTE_MONTHS = 1  # the branch meeting discusses conversion promptly once probation ends
MIN_TRAINING_DAYS, MIN_TRAINING_HOURS = 3, 24  # 集中培训不少于三天或二十四个学时 (第十九条)
OBSERVE_MONTHS = 6  # half-yearly 考察 of an activist (第十五条)


def adult_from(birth: date) -> date:
    return add_months(birth, 12 * ADULT_AGE)


def probation_end(c) -> date | None:
    """预备期满之日, which is also the 转正日期: a year from the branch meeting's vote, plus any extension."""
    if c.voted_on is None:
        return None
    return add_months(c.voted_on, PROBATION_MONTHS + (c.extended_months or 0))


def _latest(*days):
    known = [d for d in days if d is not None]
    return max(known) if known else None


@dataclass(frozen=True)
class Rule:
    step: Step
    stages: tuple  # the stages the step may happen in
    needs: tuple  # date fields of the steps that must come first
    done: str | None  # the date field the step records (None: repeatable)
    earliest: Callable  # candidate -> the first date the step may carry
    too_early: str  # the refusal, naming that date as {date}
    deadline: Callable | None = None  # candidate -> the date it is due by (None: no deadline)
    by_above: bool = False  # taken by the level above (the 基层党委 over the branch), not the branch
    to_stage: Stage | None = None  # the stage the candidate enters by this step


RULES: dict[Step, Rule] = {r.step: r for r in (
    Rule(Step.TALK, (Stage.APPLICANT,), ("applied_on",), "talked_on",
         lambda c: c.applied_on, "入党谈话不能早于递交入党申请书的日期（{date}）。",
         deadline=lambda c: add_months(c.applied_on, TALK_MONTHS)),
    Rule(Step.ACTIVIST, (Stage.APPLICANT,), ("talked_on",), "activist_on",
         lambda c: c.talked_on, "入党谈话之后（{date}起）方可确定为入党积极分子。", to_stage=Stage.ACTIVIST),
    Rule(Step.OBSERVE, (Stage.ACTIVIST, Stage.DEVELOPMENT), ("activist_on",), None,
         lambda c: c.activist_on, "培养考察不能早于确定为入党积极分子的日期（{date}）。"),
    Rule(Step.DEVELOP, (Stage.ACTIVIST,), ("activist_on",), "developed_on",
         lambda c: add_months(c.activist_on, 12 * ACTIVIST_YEARS),
         "成为入党积极分子满一年后（{date}起）方可确定为发展对象。", to_stage=Stage.DEVELOPMENT),
    Rule(Step.REVIEW, (Stage.DEVELOPMENT,), ("developed_on",), "reviewed_on",
         lambda c: c.developed_on, "确定为发展对象之后（{date}起）方可进行政治审查。"),
    Rule(Step.TRAINING, (Stage.DEVELOPMENT,), ("developed_on",), "trained_until",
         lambda c: c.developed_on, "确定为发展对象之后（{date}起）方可完成集中培训。"),
    Rule(Step.INTRODUCERS, (Stage.DEVELOPMENT,), ("developed_on",), "introduced_on",
         lambda c: c.developed_on, "确定为发展对象之后（{date}起）方可确定入党介绍人。"),
    Rule(Step.COMMITTEE_REVIEW, (Stage.DEVELOPMENT,), ("reviewed_on", "trained_until", "introduced_on"),
         "committee_reviewed_on", lambda c: _latest(c.reviewed_on, c.trained_until, c.introduced_on),
         "政治审查、集中培训和确定入党介绍人完成之后（{date}起）方可由支部委员会审查。"),
    Rule(Step.PREREVIEW, (Stage.DEVELOPMENT,), ("committee_reviewed_on",), "prereviewed_on",
         lambda c: c.committee_reviewed_on, "支部委员会审查之后（{date}起）方可报上级党委预审。", by_above=True),
    Rule(Step.VOTE, (Stage.DEVELOPMENT,), ("prereviewed_on",), "voted_on",
         lambda c: c.prereviewed_on, "上级党委预审之后（{date}起）方可召开支部大会讨论接收预备党员。"),
    Rule(Step.APPROVE, (Stage.DEVELOPMENT,), ("voted_on",), "approved_on",
         lambda c: c.voted_on, "支部大会通过之后（{date}起）方可由上级党委审批。",
         deadline=lambda c: add_months(c.voted_on, APPROVAL_MONTHS), by_above=True, to_stage=Stage.PROBATIONARY),
    Rule(Step.OATH, (Stage.PROBATIONARY,), ("approved_on",), "oath_on",
         lambda c: c.approved_on, "上级党委批准之后（{date}起）方可组织入党宣誓。"),
    Rule(Step.EXTEND, (Stage.PROBATIONARY,), ("approved_on",), "extended_on",
         lambda c: probation_end(c), "预备期满时（{date}起）方可决定延长预备期。"),
    Rule(Step.CONVERT_VOTE, (Stage.PROBATIONARY,), ("oath_on",), "convert_voted_on",
         lambda c: probation_end(c), "预备期满后（{date}起）方可召开支部大会讨论转正。",
         deadline=lambda c: add_months(probation_end(c), CONVERT_VOTE_MONTHS)),
    Rule(Step.CONVERT_APPROVE, (Stage.PROBATIONARY,), ("convert_voted_on",), "converted_on",
         lambda c: c.convert_voted_on, "支部大会讨论通过转正之后（{date}起）方可由上级党委审批。",
         deadline=lambda c: add_months(c.convert_voted_on, APPROVAL_MONTHS), by_above=True, to_stage=Stage.FULL),
    Rule(Step.STOP, (Stage.APPLICANT, Stage.ACTIVIST, Stage.DEVELOPMENT), ("applied_on",), "stopped_on",
         lambda c: c.applied_on, "终止日期不能早于递交入党申请书的日期（{date}）。", to_stage=Stage.STOPPED),
)}

# The pipeline's sequence: what `plan` offers as the next step (observation and the two ways out are optional).
SEQUENCE = [s for s in RULES if s not in (Step.OBSERVE, Step.EXTEND, Step.STOP)]


def missing(rule: Rule, c) -> list[Step]:
    """The earlier steps not yet recorded that `rule` needs."""
    by_field = {r.done: r.step for r in RULES.values() if r.done}
    return [by_field.get(f, Step.APPLY) for f in rule.needs if getattr(c, f) is None]


def blocker(step: Step, c) -> str:
    """Why the candidate's state does not allow the step now ("" when it does)."""
    rule = RULES[step]
    if c.stage not in rule.stages:
        return f"该人员目前为“{c.get_stage_display()}”，不能办理“{step.label}”。"
    if rule.done and getattr(c, rule.done) is not None:
        return f"“{step.label}”已经办理。"
    if step == Step.EXTEND and c.convert_voted_on is not None:
        return "已讨论转正，不能再延长预备期。"
    before = missing(rule, c)
    if before:
        return "请先办理：" + "、".join(f"“{s.label}”" for s in before) + "。"
    return ""


def earliest(step: Step, c) -> date | None:
    """The first date the step may carry; None while the steps it counts from are not recorded."""
    try:
        return RULES[step].earliest(c)
    except (TypeError, AttributeError):
        return None


def deadline(step: Step, c) -> date | None:
    rule = RULES[step]
    return rule.deadline(c) if rule.deadline and not blocker(step, c) else None


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def too_early(step: Step, c, on: date) -> str:
    """The refusal for a step dated before the rules allow ("" when the date is fine)."""
    first = earliest(step, c)
    if first is not None and on < first:
        return RULES[step].too_early.format(date=cn_date(first))
    return ""


def plan(c) -> tuple[str, date | None, date | None]:
    """(next step, earliest date, deadline) of the pipeline's next step; ("", None, None) when it has ended."""
    if c.stage in (Stage.FULL, Stage.STOPPED):
        return "", None, None
    for step in SEQUENCE:
        if not blocker(step, c):
            return step.value, earliest(step, c), deadline(step, c)
    return "", None, None


def vote_problem(entitled, attended, in_favour, against) -> str:
    """Why a branch meeting's vote does not accept the candidate ("" when it does): the meeting needs more than
    half of the full members entitled to vote, and acceptance more than half of them voting for it."""
    if None in (entitled, attended, in_favour, against):
        return "请填写表决人数。"
    if entitled <= 0:
        return "有表决权的正式党员数应大于零。"
    if attended > entitled:
        return "到会人数不能多于有表决权的正式党员数。"
    if in_favour + against > attended:
        return "赞成票与反对票之和不能多于到会人数。"
    if attended * 2 <= entitled:
        return "到会有表决权的正式党员未超过半数，会议不能进行表决。"
    if in_favour * 2 <= entitled:
        return "赞成人数未超过应到会有表决权的正式党员的半数，不能通过。"
    return ""
