"""Figures of the pipeline: how many stand at each stage now, and how many became 预备党员 in a period.

Counted by branch, so the registry's grouped queries give them per community and per street alike.
"""

from dangjian.core.metrics import metric, subtree

from ..models import Candidate
from .choices import Stage

COLUMNS = (("姓名", "person.name"), ("所在支部", "branch.name"), ("阶段", "get_stage_display"),
           ("入党申请书日期", "applied_on"))


def _at_stage(stage):
    def rows(base, org, start, end):
        return subtree(base, "branch", org).filter(stage=stage, applied_on__lte=end)

    return rows


for key, stage, label in (
    ("recruit_applicants", Stage.APPLICANT, "入党申请人"),
    ("recruit_activists", Stage.ACTIVIST, "入党积极分子"),
    ("recruit_development", Stage.DEVELOPMENT, "发展对象"),
    ("recruit_probationary", Stage.PROBATIONARY, "预备党员（发展程序中）"),
):
    metric(key, label, "名", f"目前处于“{stage.label}”阶段的人数（发展党员程序）", Candidate, columns=COLUMNS,
           assessable=False, dated=False)(_at_stage(stage))


@metric("recruit_new_members", "新发展党员", "名", "期内经上级党委批准接收的预备党员（按审批日期）", Candidate,
        columns=COLUMNS + (("支部大会通过日期", "voted_on"), ("上级党委审批日期", "approved_on")),
        month="approved_on")
def new_members(base, org, start, end):
    return subtree(base, "branch", org).filter(approved_on__gte=start, approved_on__lte=end)
