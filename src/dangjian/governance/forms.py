from django import forms

from dangjian.core.forms import Form
from dangjian.core.views import ScopedModelForm
from dangjian.orgs.models import Grid

from .models import Decision, SentimentReport, SupervisionRecord, Supervisor


class DecisionForm(ScopedModelForm):
    class Meta:
        model = Decision
        fields = ["community", "title", "background"]
        widgets = {"background": forms.Textarea(attrs={"rows": 3})}


class SupervisorForm(ScopedModelForm):
    class Meta:
        model = Supervisor
        fields = ["community", "person", "post", "since"]


class RecordForm(ScopedModelForm):
    class Meta:
        model = SupervisionRecord
        fields = ["community", "supervisor", "subject", "date", "finding", "follow_up"]
        widgets = {"finding": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }


class ReportForm(ScopedModelForm):
    class Meta:
        model = SentimentReport
        fields = ["community", "topic", "content", "location", "urgency"]
        widgets = {"content": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        from django.db.models import Q

        from dangjian.core import tree
        from dangjian.core.scope import grants
        from dangjian.orgs.models import Organization

        super().__init__(*args, **kwargs)
        # A grid worker reports to the community that contains their grid.
        above = {p for g in grants(self.user) for p in tree.ancestor_paths(g.path, include_self=True)}
        self.fields["community"].queryset = Organization.objects.filter(kind="community_committee").filter(
            Q(path__in=above) | Q(pk__in=self.fields["community"].queryset.values("pk"))
        )


# --- the phone pages (/p/) ------------------------------------------------------------------------

class OpinionForm(Form):
    content = forms.CharField(label="我的意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    name = forms.CharField(label="署名", max_length=30, required=False,
                           help_text="愿意公开姓名的请填写；不填写则以“匿名居民”提交。")


class ResidentReportForm(Form):
    topic = forms.CharField(label="反映的事情", max_length=200, help_text="一句话，例如：3号楼楼道灯不亮")
    content = forms.CharField(label="具体情况", widget=forms.Textarea(attrs={"rows": 4}))
    location = forms.CharField(label="地点", max_length=100, required=False, help_text="小区、楼栋、路口等")
    grid = forms.ModelChoiceField(label="所在网格", queryset=Grid.objects.none(), required=False,
                                  help_text="选择您居住的网格，由该网格的网格员跟进。")
    photo = forms.FileField(label="照片", required=False, help_text="可拍照上传一张，不超过 8MB。",
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    urgent = forms.BooleanField(label="情况紧急", required=False)

    def __init__(self, *args, grids=None, own_grid=None, **kwargs):
        super().__init__(*args, **kwargs)
        if own_grid is not None or grids is None:
            del self.fields["grid"]  # the resident's own grid: nothing to choose
        else:
            self.fields["grid"].queryset = grids
            self.fields["grid"].required = True
            self.fields["grid"].error_messages["required"] = "请选择您所在的网格。"
            self.fields["grid"].error_messages["invalid_choice"] = "请选择本社区的网格。"


class PhoneRecordForm(Form):
    supervisor = forms.ModelChoiceField(label="监督岗位", queryset=Supervisor.objects.none(), empty_label=None)
    subject = forms.ChoiceField(label="监督内容", choices=SupervisionRecord.Subject.choices)
    date = forms.DateField(label="日期")
    finding = forms.CharField(label="发现情况", widget=forms.Textarea(attrs={"rows": 4}))
    follow_up = forms.CharField(label="建议或跟进", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, supervisors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors
        self.fields["supervisor"].label_from_instance = lambda s: f"{s.community.name} · {s.get_post_display()}"
