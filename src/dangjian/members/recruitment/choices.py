from django.db import models


class Stage(models.TextChoices):
    APPLICANT = "applicant", "入党申请人"
    ACTIVIST = "activist", "入党积极分子"
    DEVELOPMENT = "development", "发展对象"
    PROBATIONARY = "probationary", "预备党员"
    FULL = "full", "正式党员"
    STOPPED = "stopped", "已终止"


# Stages still in the pipeline (waiting for a step); the last two are done.
OPEN_STAGES = (Stage.APPLICANT, Stage.ACTIVIST, Stage.DEVELOPMENT, Stage.PROBATIONARY)


class Step(models.TextChoices):
    APPLY = "apply", "递交入党申请书"
    TALK = "talk", "入党谈话"
    ACTIVIST = "activist", "确定为入党积极分子"
    OBSERVE = "observe", "培养考察"
    DEVELOP = "develop", "确定为发展对象"
    REVIEW = "review", "政治审查"
    TRAINING = "training", "集中培训"
    INTRODUCERS = "introducers", "确定入党介绍人"
    COMMITTEE_REVIEW = "committee_review", "支部委员会审查"
    PREREVIEW = "prereview", "上级党委预审"
    VOTE = "vote", "支部大会讨论接收预备党员"
    APPROVE = "approve", "上级党委审批（预备党员）"
    OATH = "oath", "入党宣誓"
    EXTEND = "extend", "延长预备期"
    CONVERT_VOTE = "convert_vote", "支部大会讨论转正"
    CONVERT_APPROVE = "convert_approve", "上级党委审批转正"
    STOP = "stop", "终止发展"


# Steps the level above (the 基层党委 over the branch) takes; every other step is the branch's.
APPROVAL_STEPS = (Step.PREREVIEW, Step.APPROVE, Step.CONVERT_APPROVE)
