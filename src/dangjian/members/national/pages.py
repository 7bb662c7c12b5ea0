"""The national exchange's pages for the role × view and write matrices."""

from dangjian.core.pages import Page, register
from dangjian.core.roles import READ_ONLY_ROLES, REVEAL_ROLES

from ..models import PartyMember

MANAGERS = frozenset(PartyMember.edit_roles)

register(
    Page("national:home", "全国党员信息交换"),
    Page("national:template", "全国党员信息导入模板", bench=False),
    Page("national:export", "全国格式导出", bench=False),
    Page("national:export_full", "全国格式完整导出", writes=True, writers=REVEAL_ROLES - READ_ONLY_ROLES, bench=False),
    Page("national:import", "全国党员信息导入", writes=True, writers=MANAGERS, bench=False),
    # An upload that is read and compared, never stored: a read for every staff role.
    Page("national:compare", "全国党员信息比对", bench=False),
)
