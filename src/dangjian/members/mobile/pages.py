from django.db.models import Q

from dangjian.core.pages import Page, register

from ..models.mobile import Inflow, Outflow

register(
    Page("mobile:outflow_list", "流出党员"),
    Page("mobile:outflow_list", "流出党员：外出中", query="state=away"),
    Page("mobile:outflow_add", "登记外出流动", creates=Outflow, writes=True, bench=False),
    Page("mobile:outflow", "流出党员详情", model=Outflow),
    # A returned stay is history: no longer edited (409), no contact or return recorded on it.
    Page("mobile:outflow_edit", "修改外出流动", model=Outflow, where=Q(returned_on__isnull=True), writes=True,
         bench=False),
    Page("mobile:outflow_return", "登记流动党员返回", model=Outflow, where=Q(returned_on__isnull=True), writes=True,
         get=False),
    Page("mobile:outflow_contact", "登记流动党员联系", model=Outflow, where=Q(returned_on__isnull=True), writes=True,
         get=False),
    Page("mobile:inflow_list", "流入党员"),
    Page("mobile:inflow_add", "登记流入党员", creates=Inflow, writes=True, bench=False),
    Page("mobile:inflow", "流入党员详情", model=Inflow),
    Page("mobile:inflow_edit", "修改流入党员", model=Inflow, writes=True, bench=False),
    Page("mobile:inflow_participation", "登记流入党员参加组织生活", model=Inflow, writes=True, get=False),
)
