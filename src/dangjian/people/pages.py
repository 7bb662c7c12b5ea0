from dangjian.core.pages import Page, register

from .actions import REVEALERS
from .models import Person

register(
    Page("people:person_list", "人员列表"),
    Page("people:person_list", "人员搜索（拼音首字母）", query="q=z"),
    Page("people:person", "人员详情", model=Person),
    Page("people:person_add", "登记人员", writes=True, writers=frozenset(Person.edit_roles), bench=False),
    Page("people:person_edit", "修改人员", model=Person, writes=True, bench=False),
    Page("people:person_delete", "删除人员", model=Person, writes=True, bench=False),
    # Revealing a full ID number writes the access log: a write, for the roles that may reveal.
    Page("people:person_reveal", "查看完整身份证号", model=Person, kwargs=lambda p: {"pk": p.pk, "field": "id_number"},
         writes=True, get=False, writers=REVEALERS),
    Page("people:person_export", "人员导出", bench=False),
    Page("people:person_lookup", "人员选择器", query="lookup_q=zs", bench=False),
    Page("api:person-list", "API 人员", api=True, writes=True, writers=frozenset(Person.edit_roles)),
    Page("api:person-detail", "API 人员详情", model=Person, api=True, writes=True),
)
