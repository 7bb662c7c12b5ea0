from django import forms

from dangjian.core.forms import Form
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from ..actions import BRANCH_KINDS

SCOPES = (OrgKind.STREET_COMMITTEE, OrgKind.COMMUNITY_COMMITTEE, OrgKind.TWO_NEW_ORG, *BRANCH_KINDS)


class CompareForm(Form):
    file = forms.FileField(label="全国系统导出的花名册（.xlsx）")
    within = forms.ModelChoiceField(
        label="比对范围", queryset=Organization.objects.none(), required=False, empty_label="我管理范围内的全部党员",
        help_text="文件只含一个社区或支部的党员时选它，其他支部的党员就不会列为“全国系统无”。")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = (Organization.objects.visible_to(user).filter(kind__in=SCOPES)
                                          .order_by("path"))
