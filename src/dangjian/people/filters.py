import re
import unicodedata

import django_filters
from django import forms
from django.db.models import Q

from dangjian.core import crypto
from dangjian.core.filters import ScopedFilterSet
from dangjian.core.scope import can_reveal
from dangjian.orgs.filters import SubtreeFilter

from .actions import log_access
from .choices import Education, Gender
from .models import Person, normalize_phone
from .pinyin import is_pinyin_query

AGE_BANDS = [
    ("0-17", "18岁以下"), ("18-35", "18-35岁"), ("36-59", "36-59岁"), ("60-79", "60-79岁"), ("80-200", "80岁及以上"),
]


def search_people(qs, text: str, user=None):
    """Name, pinyin ("zs" → 张三, "zhangs"), last four ID digits, or a whole ID / phone number.

    A whole-number search confirms a guess, so guessing the hidden digits of a masked number would
    reveal it without the logged reveal: it is open only to roles that may reveal, and each
    match is logged like a reveal.
    """
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return qs
    compact = text.replace(" ", "").upper()
    if re.fullmatch(r"[0-9]{3}[0-9X]", compact):
        return qs.filter(Q(id_last4=compact) | Q(name__icontains=text))
    phone = normalize_phone(text)
    whole = None
    if re.fullmatch(r"[0-9]{17}[0-9X]", compact):
        whole = ("id_number", qs.filter(id_hash=crypto.blind_index(compact)))
    elif re.fullmatch(r"1[0-9]{10}", phone):
        whole = ("phone", qs.filter(phone_hash=crypto.blind_index(phone)))
    if whole is not None:
        field, matches = whole
        if user is None or not can_reveal(user):
            return qs.none()
        for person in matches[:5]:
            log_access(user, person, field, note="按完整号码检索")
        return matches
    if is_pinyin_query(compact):
        low = compact.lower()
        return qs.filter(Q(pinyin_initials__startswith=low) | Q(pinyin__startswith=low))
    return qs.filter(name__icontains=text)


class PersonFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search",
        widget=forms.TextInput(attrs={"placeholder": "姓名、拼音首字母（如 zs）或身份证后四位", "type": "search"}),
    )
    within = SubtreeFilter(label="所属组织")
    gender = django_filters.ChoiceFilter(label="性别", choices=Gender.choices)
    education = django_filters.ChoiceFilter(label="学历", choices=Education.choices)
    age = django_filters.ChoiceFilter(label="年龄段", choices=AGE_BANDS, method="filter_age")

    class Meta:
        model = Person
        fields = ["q", "within", "gender", "education", "age"]

    def search(self, qs, name, value):
        return search_people(qs, value, user=getattr(self.request, "user", None))

    def filter_age(self, qs, name, value):
        from datetime import date

        from django.utils import timezone

        low, high = (int(x) for x in value.split("-"))
        today = timezone.localdate()

        def years_ago(n):
            try:
                return today.replace(year=today.year - n)
            except ValueError:  # 29 February
                return today.replace(year=today.year - n, day=28)

        oldest = years_ago(high + 1)
        youngest = years_ago(low)
        return qs.filter(birth_date__gt=oldest, birth_date__lte=youngest) if oldest > date(1, 1, 1) else qs
