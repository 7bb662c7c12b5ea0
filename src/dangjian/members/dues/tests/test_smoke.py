from django.urls import reverse

from dangjian.members.models import DuesMonth
from dangjian.testing import world


def test_it_opens_every_dues_page(login):
    c = login("branch_secretary")
    branch = world._held_by("branch")
    row = DuesMonth.objects.filter(branch=branch).first()
    assert row is not None
    for url in ["/members/dues/", f"/members/dues/branch/{branch.pk}/", f"/members/dues/branch/{branch.pk}/standards/",
                f"/members/dues/member/{row.member_id}/", f"/members/dues/member/{row.member_id}/standard/",
                f"/members/dues/member/{row.member_id}/exemption/", "/members/dues/exemptions/",
                "/members/dues/arrears/", "/members/dues/import/", "/members/dues/import/template/",
                "/members/dues/summary/", f"/members/dues/branch/{branch.pk}/sheet/", "/members/dues/mine/",
                reverse("members:member", kwargs={"pk": row.member_id}), "/api/dues-months/"]:
        r = c.get(url)
        assert r.status_code == 200, (url, r.status_code, r.content[:3000])
