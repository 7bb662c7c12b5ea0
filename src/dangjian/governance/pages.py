from django.db.models import Q

from dangjian.core.pages import Page, exempt, register
from dangjian.core.roles import SELF_ROLES, Role

from .actions import REPORT_HANDLERS
from .models import SOLICITING, Decision, DecisionStep, SentimentReport

HAS_ATTACHMENT = Q(steps__attachments__isnull=False)


def _attachment(decision):
    step = DecisionStep.objects.filter(decision=decision, attachments__isnull=False).order_by("pk").first()
    return {"pk": decision.pk, "evidence_pk": step.attachments.order_by("pk").first().pk}


register(
    Page("governance:decision_list", "一征三议两公开"),
    Page("governance:decision_add", "新建民主决策事项", writes=True),
    Page("governance:decision", "决策事项详情", model=Decision),
    Page("governance:advance", "办理下一阶段", model=Decision, writes=True, get=False),
    Page("governance:reopen", "退回重议", model=Decision, writes=True, get=False),
    Page("governance:decision_file", "决策附件", model=Decision, where=HAS_ATTACHMENT, kwargs=_attachment,
         bench=False),
    Page("governance:supervisor_list", "四大员"),
    Page("governance:supervisor_add", "聘任四大员", writes=True),
    Page("governance:record_list", "监督记录"),
    Page("governance:record_add", "登记监督记录", writes=True),
    Page("governance:report_list", "社情民意"),
    Page("governance:report_add", "报送社情民意", writes=True),
    Page("governance:report", "社情民意详情", model=SentimentReport),
    Page("governance:report_to_problem", "社情民意转入问题清单", model=SentimentReport, writes=True, get=False,
         writers=REPORT_HANDLERS),
    Page("governance:report_answer", "答复社情民意", model=SentimentReport, writes=True, get=False,
         writers=REPORT_HANDLERS),
    Page("api:decision-list", "API 民主决策", api=True),
    Page("api:decision-detail", "API 民主决策详情", model=Decision, api=True),
    Page("api:decision-advance", "API 办理下一阶段", model=Decision, api=True, writes=True, get=False,
         kwargs=lambda d: {"pk": d.pk}),
)

# Phone pages (/p/, "civic"): residents' opinions and reports, 四大员's records. Anyone whose person holds a
# 四大员 appointment files records, whatever their role; the page tells others they hold none.
register(
    Page("civic:voice", "居民议事"),
    Page("civic:opinion", "对征求意见事项提意见", model=Decision, where=Q(stage=SOLICITING), writes=True,
         writers=SELF_ROLES),
    Page("civic:report_new", "居民反映社情民意", writes=True, writers=SELF_ROLES),
    Page("civic:report_photo", "社情民意照片", model=SentimentReport, where=Q(photo__isnull=False),
         kwargs=lambda r: {"pk": r.pk, "evidence_pk": r.photo_id}, bench=False),
    Page("civic:supervision", "四大员填写监督记录", writes=True, writers=frozenset(Role)),
)
exempt("civic:open_board", "the community's public 两公开 board, open without login and naming no resident: "
       "governance/tests/test_open_board.py")
