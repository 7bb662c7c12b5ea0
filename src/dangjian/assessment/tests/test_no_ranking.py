"""A street with no published quarterly ranking yet: every street but the first at district scale, and any street in
its first quarter on the platform. Its people still open the assessment pages, the dashboards and the API, and are
told there is no ranking yet; the page registry (and so bench/pages.py) does not fail on it (issue 14)."""

import pytest
from django.urls import reverse

from dangjian.assessment.scores.models import QuarterlyRanking
from dangjian.assessment.scores.pages import NO_ROW, _ranking_kwargs

pytestmark = pytest.mark.django_db

NOT_YET = "暂无已发布的季度排名"


@pytest.fixture
def no_ranking(street):
    QuarterlyRanking.objects.all().delete()
    assert not QuarterlyRanking.objects.exists()


@pytest.mark.parametrize("persona", ["street_admin", "secretary_a", "cadre", "district_viewer"])
def test_the_months_page_says_no_ranking_is_published_yet(login, no_ranking, persona):
    response = login(persona).get(reverse("assessment:month_list"))
    assert response.status_code == 200
    assert list(response.context["rankings"]) == []
    assert NOT_YET in response.content.decode()


def test_the_street_admin_is_offered_to_publish_the_first_one(login, no_ranking):
    page = login("street_admin").get(reverse("assessment:month_list")).content.decode()
    assert NOT_YET in page and reverse("assessment:ranking_publish") in page


@pytest.mark.parametrize("url_name", ["reports:dashboard", "reports:dashboard_screen"])
def test_the_dashboards_say_so_instead_of_a_chart(login, no_ranking, url_name):
    response = login("street_admin").get(reverse(url_name))
    assert response.status_code == 200
    assert "尚未发布季度排名" in response.content.decode()


def test_the_registry_names_no_row_and_the_ranking_page_answers_404(login, no_ranking):
    assert _ranking_kwargs() == {"pk": NO_ROW}
    client = login("street_admin")
    assert client.get(reverse("assessment:ranking", kwargs=_ranking_kwargs())).status_code == 404
    assert client.get(reverse("api:ranking-detail", kwargs=_ranking_kwargs())).status_code == 404
    assert client.get(reverse("api:ranking-list")).json()["count"] == 0
