from dangjian.core.pages import Page, register

from .models import Person

register(
    Page("people:person_list", "人员列表"),
    Page("people:person_list", "人员搜索（拼音首字母）", query="q=z"),
    Page("people:person", "人员详情", model=Person),
    Page("people:person_export", "人员导出", bench=False),
    Page("api:person-list", "API 人员", api=True),
    Page("api:person-detail", "API 人员详情", model=Person, api=True),
)

register(Page("people:person_lookup", "人员选择器", query="lookup_q=zs", bench=False))
