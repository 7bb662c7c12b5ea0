import django_filters
from django.db.models import Q

from dangjian.core.filters import ScopedFilterSet
from dangjian.orgs.filters import SubtreeFilter
from dangjian.orgs.models import Organization

from .choices import Category, Severity, Source, VisitKind
from .models import Problem, ResponsibilityPost, Task, Visit
from .states import PROBLEM_STATES, TASK_STATES, leaf_tasks, problem_state_q, task_state_q

YEAR = {"min_value": 2000, "max_value": 2100}


class TaskFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="任务", field_name="title", lookup_expr="icontains")
    within = SubtreeFilter(label="组织")
    org = django_filters.ModelChoiceFilter(label="本级组织", field_name="organization",
                                           queryset=Organization.objects.all())
    year = django_filters.NumberFilter(label="年度", **YEAR)
    category = django_filters.ChoiceFilter(label="类别", choices=Category.choices)
    state = django_filters.ChoiceFilter(label="状态", choices=list(TASK_STATES.items()), method="filter_state")
    leaf = django_filters.BooleanFilter(label="只看落实到社区的任务", method="filter_leaf")

    class Meta:
        model = Task
        fields = ["q", "within", "org", "year", "category", "state", "leaf"]

    def filter_state(self, qs, name, value):
        return qs.filter(task_state_q(value))

    def filter_leaf(self, qs, name, value):
        return leaf_tasks(qs) if value else qs


class ProblemFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="问题", method="search")
    within = SubtreeFilter(label="组织")
    org = django_filters.ModelChoiceFilter(label="本级组织", field_name="organization",
                                           queryset=Organization.objects.all())
    year = django_filters.NumberFilter(label="年度", field_name="found_on", lookup_expr="year", **YEAR)
    category = django_filters.ChoiceFilter(label="类别", choices=Category.choices)
    source = django_filters.ChoiceFilter(label="来源", choices=Source.choices)
    severity = django_filters.ChoiceFilter(label="程度", choices=Severity.choices)
    state = django_filters.ChoiceFilter(label="状态", choices=list(PROBLEM_STATES.items()), method="filter_state")

    class Meta:
        model = Problem
        fields = ["q", "within", "org", "year", "category", "source", "severity", "state"]

    def search(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def filter_state(self, qs, name, value):
        return qs.filter(problem_state_q(value))


class ResponsibilityFilterSet(ScopedFilterSet):
    within = SubtreeFilter(label="组织")
    q = django_filters.CharFilter(label="责任人", field_name="holder__name", lookup_expr="icontains")

    class Meta:
        model = ResponsibilityPost
        fields = ["within", "q"]


class VisitFilterSet(ScopedFilterSet):
    within = SubtreeFilter(label="走访对象")
    kind = django_filters.ChoiceFilter(label="类型", choices=VisitKind.choices)
    cadre = django_filters.CharFilter(label="走访人", method="filter_cadre", help_text="姓名或账号")
    start = django_filters.DateFilter(label="起始日期", field_name="date", lookup_expr="gte")
    end = django_filters.DateFilter(label="截止日期", field_name="date", lookup_expr="lte")

    class Meta:
        model = Visit
        fields = ["within", "kind", "cadre", "start", "end"]

    def filter_cadre(self, qs, name, value):
        """People look a cadre up by name; the account name still works."""
        value = value.strip()
        return qs.filter(Q(cadre__person__name__icontains=value) | Q(cadre__username__icontains=value)) if value else qs
