"""The phone pages go on the home screen (a web app manifest served by the platform itself, no outside
address) and read larger for older members at the touch of a button."""

import json

from django.contrib.staticfiles import finders


def test_it_serves_the_web_app_manifest_with_its_own_icons(client, login):
    response = client.get("/manifest.webmanifest")  # no login: the browser fetches it on its own
    assert response.status_code == 200 and response["Content-Type"].startswith("application/manifest+json")
    data = json.loads(response.content)
    assert (data["name"], data["start_url"], data["display"]) == ("党建三张清单", "/p/", "standalone")
    assert data["theme_color"].startswith("#")
    for icon in data["icons"]:
        assert icon["src"].startswith("/static/")  # vendored: nothing from the internet
        assert finders.find(icon["src"].removeprefix("/static/")) is not None
    page = login("member").get("/p/member/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page


def test_it_switches_the_phone_pages_to_large_type_and_back(login):
    phone = login("member")
    assert "dj-xl" not in phone.get("/p/member/").content.decode()
    response = phone.post("/p/large-type/", {"next": "/p/member/points/"})
    assert response.status_code == 302 and response["Location"] == "/p/member/points/"
    page = phone.get("/p/member/points/").content.decode()
    assert "dj-xl" in page and "恢复标准字号" in page
    phone.post("/p/large-type/", {"next": "https://elsewhere.example/"})
    assert "dj-xl" not in phone.get("/p/member/").content.decode()
