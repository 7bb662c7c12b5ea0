"""Pickers that scale: long selects are searchable by name and pinyin initials, options name their
organization, yes/no filters start at 全部, and pages show people's names rather than account names."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from dangjian.care.models import ResidentFile
from dangjian.core.history import name_of
from dangjian.core.pickers import SEARCH_ABOVE
from dangjian.core.tree import STEPLEN
from dangjian.ledgers.models import Task
from dangjian.people.models import Person
from dangjian.testing import world
from dangjian.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db


class Selects(HTMLParser):
    """{name: {"attrs": {...}, "options": [(attrs, text)]}} of a page's selects."""

    def __init__(self, html):
        super().__init__()
        self.selects, self._select, self._option = {}, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._select = self.selects.setdefault(attrs.get("name"), {"attrs": attrs, "options": []})
        elif tag == "option" and self._select is not None:
            self._option = [attrs, ""]
            self._select["options"].append(self._option)

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag):
        if tag == "option":
            self._option = None
        elif tag == "select":
            self._select = None


def _residents(org, n):
    Person.objects.bulk_create([Person(organization=org, name=f"测试居民{i:02d}", pinyin=f"csjm{i:02d}",
                                       pinyin_initials="csjm") for i in range(n)])


def test_a_long_multi_select_becomes_a_search_picker_with_pinyin_initials(login, community_a):
    _residents(community_a, SEARCH_ABOVE + 5)
    wang = Person.objects.create(organization=community_a, name="王建华")
    f = world.sample(ResidentFile, community_a)
    selects = Selects(login("secretary_a").get(f.get_absolute_url()).content.decode()).selects
    members = selects["members"]
    assert members["attrs"].get("data-picker") == "search" and "multiple" in members["attrs"]
    option = next(o for o in members["options"] if o[0]["value"] == str(wang.pk))
    assert option[0]["data-initials"].split() == ["wjh", "wangjianhua"]  # initials and full pinyin
    assert option[1] == f"王建华（{community_a.name}）"
    # A short select stays the browser's own.
    assert "data-picker" not in selects["kind"]["attrs"]


def test_a_short_select_has_no_picker_and_no_initials(login, community_a):
    f = world.sample(ResidentFile, community_a)
    html = login("secretary_a").get(f.get_absolute_url()).content.decode()
    members = Selects(html).selects["members"]
    if len(members["options"]) <= SEARCH_ABOVE:
        assert "data-picker" not in members["attrs"] and "data-initials" not in html


def test_task_options_name_their_organization(login, community_a):
    html = login("street_admin").get(reverse("ledgers:responsibility_add")).content.decode()
    options = [text for _, text in Selects(html).selects["tasks"]["options"]]
    task = Task.objects.filter(organization=community_a).order_by("pk").first()
    assert f"{task.year}年 · {task.title}（{community_a.name}）" in options
    # A title split to several communities reads differently per community.
    titles = [t for t in options if task.title in t]
    assert len(titles) == len(set(titles))


def test_the_searchable_select_lists_the_same_values_a_browser_posts_back(community_a):
    """Only the way of choosing changes: the option values are the primary keys, as before."""
    from django import forms

    from dangjian.core.forms import Form

    _residents(community_a, SEARCH_ABOVE + 1)

    class PeopleForm(Form):
        people = forms.ModelMultipleChoiceField(queryset=Person.objects.filter(organization=community_a))

    form = PeopleForm(data={"people": [str(p.pk) for p in Person.objects.filter(organization=community_a)[:2]]})
    assert form.is_valid(), form.errors
    assert 'data-picker="search"' in str(form["people"])


def test_a_yes_no_filter_defaults_to_all_and_all_filters_nothing(login):
    client = login("street_admin")
    url = reverse("ledgers:task_list")
    response = client.get(url)
    leaf = Selects(response.content.decode()).selects["leaf"]
    assert [(o[0]["value"], o[1]) for o in leaf["options"]] == [("", "全部"), ("true", "是"), ("false", "否")]
    assert "selected" in leaf["options"][0][0]
    everything = response.context["paginator"].count
    assert client.get(url, {"leaf": ""}).context["paginator"].count == everything
    only_leaves = client.get(url, {"leaf": "true"}).context["paginator"].count
    assert 0 < only_leaves < everything
    chosen = Selects(client.get(url, {"leaf": "true"}).content.decode()).selects["leaf"]
    assert [o[0]["value"] for o in chosen["options"] if "selected" in o[0]] == ["true"]


def test_the_task_page_shows_who_reported_progress_by_name(login, community_a):
    task = Task.objects.filter(organization=community_a, done_on__isnull=True).order_by("pk").first()
    client = login("secretary_a")
    response = client.post(reverse("ledgers:task_progress", args=[task.pk]),
                           {"date": "2026-11-30", "percent": "40", "note": "入户走访已完成一半"}, follow=True)
    html = response.content.decode()
    entry = re.search(r"入户走访已完成一半.*?</li>", html, re.S).group(0)
    user = world.user(PERSONAS["secretary_a"])
    assert name_of(user) != user.username
    assert name_of(user) in entry and user.username not in entry


def test_the_task_page_labels_its_hand_written_fields(login, community_a):
    task = Task.objects.filter(organization=community_a, done_on__isnull=True).order_by("pk").first()
    html = login("secretary_a").get(task.get_absolute_url()).content.decode()
    assert re.search(r'<label[^>]*for="no-evidence-reason"[^>]*>无法提供佐证材料的原因</label>', html)
    assert 'id="no-evidence-reason"' in html and 'placeholder="无法提供' not in html


def test_accounts_read_as_people_and_namesake_organizations_name_their_parent(community_a, community_b):
    from django import forms
    from django.contrib.auth import get_user_model

    from dangjian.core.forms import Form
    from dangjian.orgs.choices import OrgKind
    from dangjian.orgs.models import Organization

    for community in (community_a, community_b):
        community.add_child(name="第一党支部", kind=OrgKind.BRANCH)
    user = world.user(PERSONAS["secretary_a"])

    class PickForm(Form):
        account = forms.ModelChoiceField(queryset=get_user_model().objects.filter(pk=user.pk))
        org = forms.ModelChoiceField(queryset=Organization.objects.filter(
            path__startswith=community_a.path[:-STEPLEN]))

    form = PickForm()
    assert [label for _, label in form.fields["account"].choices][1:] == [name_of(user)]
    labels = [label for _, label in form.fields["org"].choices]
    assert f"第一党支部（{community_a.name}）" in labels and f"第一党支部（{community_b.name}）" in labels
    assert community_a.name in labels  # a unique name stays as it is
