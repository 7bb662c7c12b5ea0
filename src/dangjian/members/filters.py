from datetime import date

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from dangjian.core.filters import ScopedFilterSet
from dangjian.orgs.filters import SubtreeFilter
from dangjian.people.choices import Education
from dangjian.people.filters import AGE_BANDS, search_people

from .choices import AwardKind, AwardStatus, BulletinKind, CareKind, Category, MeetingKind, Status, TrainingCategory
from .models import Award, Bulletin, CareVisit, OrgLifeMeeting, PartyMember, TrainingSession

PARTY_AGE_BANDS = [("0-9", "10年以下"), ("10-29", "10-29年"), ("30-49", "30-49年"), ("50-200", "50年及以上")]
SEARCH = forms.TextInput(attrs={"placeholder": "姓名、拼音首字母或身份证后四位", "type": "search"})


def _years_ago(n: int) -> date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - n)
    except ValueError:
        return today.replace(year=today.year - n, day=28)


def _band(qs, field, value):
    low, high = (int(x) for x in value.split("-"))
    return qs.filter(**{f"{field}__gt": _years_ago(high + 1), f"{field}__lte": _years_ago(low)})


class PartyMemberFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", widget=SEARCH)
    within = SubtreeFilter(label="所在组织", path_lookup="branch__path")
    category = django_filters.ChoiceFilter(label="类别", choices=Category.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices)
    age = django_filters.ChoiceFilter(label="年龄段", choices=AGE_BANDS, method="filter_age")
    party_age = django_filters.ChoiceFilter(label="党龄", choices=PARTY_AGE_BANDS, method="filter_party_age")
    education = django_filters.ChoiceFilter(label="学历", choices=Education.choices, field_name="person__education")
    in_service = django_filters.BooleanFilter(label="在职党员")
    is_hardship = django_filters.BooleanFilter(label="困难党员")

    class Meta:
        model = PartyMember
        fields = ["q", "within", "category", "status", "age", "party_age", "education", "in_service", "is_hardship"]

    def search(self, qs, name, value):
        from dangjian.people.models import Person

        people = search_people(Person.objects.all(), value, user=getattr(self.request, "user", None))
        return qs.filter(person__in=people.values("pk"))

    def filter_age(self, qs, name, value):
        return _band(qs, "person__birth_date", value)

    def filter_party_age(self, qs, name, value):
        return _band(qs, "join_date", value)


class MeetingFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="主题", field_name="topic", lookup_expr="icontains")
    within = SubtreeFilter(label="组织")
    kind = django_filters.ChoiceFilter(label="会议类型", choices=MeetingKind.choices)
    start = django_filters.DateFilter(label="起始日期", field_name="date", lookup_expr="gte")
    end = django_filters.DateFilter(label="截止日期", field_name="date", lookup_expr="lte")

    class Meta:
        model = OrgLifeMeeting
        fields = ["q", "within", "kind", "start", "end"]


class TrainingFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="主题", field_name="title", lookup_expr="icontains")
    within = SubtreeFilter(label="组织")
    category = django_filters.ChoiceFilter(label="内容类别", choices=TrainingCategory.choices)
    year = django_filters.NumberFilter(label="年度", field_name="date", lookup_expr="year", min_value=2000,
                                      max_value=2100)

    class Meta:
        model = TrainingSession
        fields = ["q", "within", "category", "year"]


class CareVisitFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="党员", field_name="member__person__name", lookup_expr="icontains")
    within = SubtreeFilter(label="组织", path_lookup="member__branch__path")
    kind = django_filters.ChoiceFilter(label="关怀类型", choices=CareKind.choices)
    year = django_filters.NumberFilter(label="年度", field_name="date", lookup_expr="year", min_value=2000,
                                      max_value=2100)

    class Meta:
        model = CareVisit
        fields = ["q", "within", "kind", "year"]


class AwardFilterSet(ScopedFilterSet):
    year = django_filters.NumberFilter(label="年度", min_value=2000, max_value=2100)
    kind = django_filters.ChoiceFilter(label="荣誉", choices=AwardKind.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=AwardStatus.choices)
    within = SubtreeFilter(label="组织", path_lookup="member__branch__path")

    class Meta:
        model = Award
        fields = ["year", "kind", "status", "within"]


class BulletinFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="标题", method="search")
    kind = django_filters.ChoiceFilter(label="类别", choices=BulletinKind.choices)

    class Meta:
        model = Bulletin
        fields = ["q", "kind"]

    def search(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(body__icontains=value))
