import json
import re

from django.contrib.auth import get_user_model

from dangjian.core.history import name_of
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Grid, GridStaff, Organization, RoleAssignment
from dangjian.people.models import Person
from dangjian.testing import world
from dangjian.testing.browser_form import main_form


def test_it_counts_people_per_node_in_the_tree(login, community_a):
    html = login("secretary_a").get("/orgs/tree/").content.decode()
    total = Person.objects.filter(organization__path__startswith=community_a.path).count()
    assert re.search(rf"{community_a.name}</a>.*?{total} 人", html, re.S)
    assert world.community("b").name not in html


def test_it_shows_home_counts_for_the_own_subtree_only(login, community_a):
    html = login("secretary_a").get("/").content.decode()
    people = Person.objects.filter(organization__path__startswith=community_a.path).count()
    grids = Grid.objects.filter(organization__path__startswith=community_a.path).count()
    cards = dict(re.findall(r'<div class="text-secondary small">(.+?)</div><div class="num"[^>]*>(\d+)</div>', html))
    assert cards["人员"] == str(people)
    assert cards["网格"] == str(grids)
    assert cards["社区党委"] == "1"
    assert 'id="dj-home-data"' not in html  # one community: nothing to compare, no chart
    assert people < Person.objects.count()


def test_it_compares_the_communities_below_a_street_on_its_home_page(login, street, community_a):
    html = login("street_admin").get("/").content.decode()
    chart = dict(json.loads(
        re.search(r'<script id="dj-home-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    ))
    assert chart[community_a.name] == Person.objects.filter(organization__path__startswith=community_a.path).count()
    assert set(chart) == set(Organization.objects.filter(kind=OrgKind.COMMUNITY_COMMITTEE,
                                                        path__startswith=street.path).values_list("name", flat=True))


def test_it_creates_a_child_organization_inside_the_own_subtree(login, community_a):
    data = {"parent": community_a.pk, "name": "新建党支部", "kind": "branch"}
    response = login("secretary_a").post("/orgs/add/", data)
    assert response.status_code == 302
    node = Organization.objects.get(name="新建党支部")
    assert node.parent_org() == community_a


def test_the_add_page_preselects_the_parent_and_an_edit_keeps_its_own(login, community_a):
    """新建下级组织 from an organization's page opens with that parent chosen; the same parameter on an edit page
    (a link copied, a stale bookmark) does not move the organization."""
    client = login("secretary_a")
    branch = Organization.objects.filter(path__startswith=community_a.path, kind="branch").order_by("path").first()
    url = f"/orgs/add/?parent={community_a.pk}"
    assert main_form(client.get(url).content.decode(), url).data()["parent"] == str(community_a.pk)
    url = f"/orgs/{branch.pk}/edit/?parent={branch.pk}"
    sent = main_form(client.get(url).content.decode(), url).data()
    assert sent["parent"] == str(community_a.pk)
    assert client.post(url, sent).status_code == 302
    branch.refresh_from_db()
    assert branch.parent_org() == community_a


def test_it_refuses_to_place_an_organization_in_a_sibling_community(login, community_b):
    client = login("secretary_a")
    response = client.post("/orgs/add/", {"parent": community_b.pk, "name": "越权支部", "kind": "branch"})
    assert response.status_code == 200
    assert not Organization.objects.filter(name="越权支部").exists()
    assert "parent" in response.context["form"].errors


def test_it_refuses_a_branch_under_the_district(login, street):
    client = login("street_admin")
    response = client.post("/orgs/add/", {"parent": street.pk, "name": "网格支部", "kind": OrgKind.GRID_BRANCH})
    assert "不能设在" in response.content.decode()
    assert not Organization.objects.filter(name="网格支部").exists()


def test_it_lets_read_only_roles_see_but_not_change(login, community_a):
    client = login("cadre")
    assert client.get(f"/orgs/{community_a.pk}/").status_code == 200
    assert client.get(f"/orgs/{community_a.pk}/edit/").status_code == 403
    assert client.post(f"/orgs/{community_a.pk}/edit/", {"name": "x"}).status_code == 403
    response = client.patch(f"/api/orgs/{community_a.pk}/", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403


def test_it_creates_a_grid_with_its_grid_branch(login, community_a):
    response = login("secretary_a").post("/orgs/grids/add/", {"community": community_a.pk, "name": "测试网格"})
    assert response.status_code == 302
    grid = Grid.objects.get(name="测试网格")
    assert grid.organization.kind == OrgKind.GRID_BRANCH
    assert grid.organization.parent_org() == community_a


def test_it_allows_one_holder_per_fixed_grid_post(login, community_a):
    grid = world.sample(Grid, community_a)
    holder = GridStaff.objects.get(grid=grid, post="cadre")
    other = Person.objects.filter(organization__path__startswith=community_a.path).exclude(pk=holder.person_id).first()
    client = login("secretary_a")
    client.post(f"/orgs/grids/{grid.pk}/staff/add/", {"person": other.pk, "post": "cadre"})
    assert GridStaff.objects.filter(grid=grid, post="cadre").count() == 1
    client.post(f"/orgs/grids/{grid.pk}/staff/add/", {"person": other.pk, "post": "volunteer"})
    assert GridStaff.objects.filter(grid=grid, person=other, post="volunteer").exists()


def test_it_grants_only_roles_at_or_below_the_granter(login, community_a, street):
    client = login("secretary_a")
    response = client.post("/orgs/roles/add/", {"username": "newadmin", "initial_password": "Abcdef12!x",
                                                "organization": street.pk, "role": "street_admin",
                                                "start": "2026-01-01"})
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user__username="newadmin").exists()
    branch = Organization.objects.filter(path__startswith=community_a.path, kind=OrgKind.BRANCH).first()
    response = client.post("/orgs/roles/add/", {"username": "newbranch", "initial_password": "Abcdef12!x",
                                                "organization": branch.pk, "role": "branch_secretary",
                                                "start": "2026-01-01"})
    assert response.status_code == 302
    assert RoleAssignment.objects.get(user__username="newbranch").organization == branch


def test_it_rejects_a_weak_initial_password(login, community_a):
    branch = Organization.objects.filter(path__startswith=community_a.path, kind=OrgKind.BRANCH).first()
    response = login("secretary_a").post("/orgs/roles/add/", {"username": "weak", "initial_password": "abcdefgh",
                                                              "organization": branch.pk, "role": "branch_secretary",
                                                              "start": "2026-01-01"})
    assert "至少三类" in response.content.decode()


def test_it_lets_a_user_with_two_roles_switch_scope(login, community_a, community_b):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="secretary_a")
    RoleAssignment.objects.create(user=user, organization=community_b, role="community_secretary", start="2020-01-01")
    client = login("secretary_a")
    person_b = world.sample(Person, community_b)
    assert client.get(f"/people/{person_b.pk}/").status_code == 200
    own = RoleAssignment.objects.get(user=user, organization=community_a)
    client.post("/switch-role/", {"assignment": own.pk, "next": "/"})
    assert client.get(f"/people/{person_b.pk}/").status_code == 404
    assert community_a.name in client.get("/").content.decode()


def test_it_records_org_history_on_the_detail_page(login, community_a):
    client = login("secretary_a")
    url = f"/orgs/{community_a.pk}/edit/"
    data = main_form(client.get(url).content.decode(), url).data()  # the form as a browser sends it
    data["address"] = "新地址88号"
    assert client.post(url, data).status_code == 302
    page = client.get(f"/orgs/{community_a.pk}/").content.decode()
    editor = get_user_model().objects.get(username="secretary_a")
    text = re.sub(r"<[^>]+>", "", page)
    assert "新地址88号" in page and "操作记录" in page and f"{name_of(editor)} 于" in text
    assert name_of(editor) != "secretary_a"  # a person's name, not the account's


def test_it_refuses_through_the_api_to_delete_an_organization_with_children_or_people(login, community_a):
    client = login("secretary_a")
    assert client.delete(f"/api/orgs/{community_a.pk}/").status_code == 400
    branch = Organization.objects.filter(path__startswith=community_a.path, kind=OrgKind.BRANCH).first()
    response = client.delete(f"/api/orgs/{branch.pk}/")
    assert response.status_code == 400 and "不能删除" in response.json()["non_field_errors"][0]
    assert Organization.objects.filter(pk=branch.pk).exists()


def test_it_refuses_to_change_the_kind_of_an_organization_in_use(login, community_a):
    response = login("secretary_a").patch(f"/api/orgs/{community_a.pk}/", {"kind": "two_new_org"},
                                          content_type="application/json")
    assert response.status_code == 400 and "kind" in response.json()
    community_a.refresh_from_db()
    assert community_a.kind == OrgKind.COMMUNITY_COMMITTEE


def test_it_refuses_to_link_a_person_who_already_has_an_account(login, community_a):
    member = world.user("member")
    branch = member.person.organization
    response = login("secretary_a").post("/orgs/roles/add/", {
        "username": "secretary_a", "person": member.person.pk, "organization": branch.pk,
        "role": "member", "start": "2026-01-01"})
    assert response.status_code == 200
    assert "已关联" in response.content.decode()


def test_it_validates_new_usernames_and_short_passwords_in_chinese(login, community_a):
    branch = Organization.objects.filter(path__startswith=community_a.path, kind=OrgKind.BRANCH).first()
    client = login("secretary_a")
    response = client.post("/orgs/roles/add/", {"username": "a b/c", "initial_password": "Abcdef12!x",
                                                "organization": branch.pk, "role": "member", "start": "2026-01-01"})
    assert "账号只能包含" in response.content.decode()
    response = client.post("/orgs/roles/add/", {"username": "abc", "initial_password": "Ab1!",
                                                "organization": branch.pk, "role": "member", "start": "2026-01-01"})
    assert "密码太短" in response.content.decode()


def test_it_lets_only_the_grid_managers_change_its_staff(login, community_a):
    grid = world.sample(Grid, community_a)
    holder = GridStaff.objects.filter(grid=grid).order_by("pk").first()
    other = Person.objects.filter(organization__path__startswith=community_a.path).exclude(pk=holder.person_id).first()
    for persona in ("cadre", "branch_secretary", "grid_worker"):
        client = login(persona)
        assert client.post(f"/orgs/grids/{grid.pk}/staff/add/", {"person": other.pk, "post": "volunteer"}
                           ).status_code in (403, 404)
        assert client.post(f"/orgs/grids/{grid.pk}/staff/{holder.pk}/remove/").status_code in (403, 404)
    assert login("secretary_b").post(f"/orgs/grids/{grid.pk}/staff/{holder.pk}/remove/").status_code == 404
    assert GridStaff.objects.filter(pk=holder.pk).exists()
    assert not GridStaff.objects.filter(grid=grid, person=other, post="volunteer").exists()
    assert "移除" not in login("cadre").get(f"/orgs/grids/{grid.pk}/").content.decode()
    client = login("secretary_a")
    assert "移除" in client.get(f"/orgs/grids/{grid.pk}/").content.decode()
    client.post(f"/orgs/grids/{grid.pk}/staff/{holder.pk}/remove/")
    assert not GridStaff.objects.filter(pk=holder.pk).exists()


def test_it_explains_a_second_holder_of_a_fixed_grid_post_in_chinese(login, community_a):
    grid = world.sample(Grid, community_a)
    holder = GridStaff.objects.get(grid=grid, post="cadre")
    other = Person.objects.filter(organization__path__startswith=community_a.path).exclude(pk=holder.person_id).first()
    response = login("secretary_a").post(f"/orgs/grids/{grid.pk}/staff/add/", {"person": other.pk, "post": "cadre"},
                                         follow=True)
    assert "该网格已有此岗位的人员" in response.content.decode()
    assert GridStaff.objects.filter(grid=grid, post="cadre").count() == 1
