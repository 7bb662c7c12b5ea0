from django import forms

from dangjian.core.views import ScopedModelForm

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
