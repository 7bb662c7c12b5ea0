import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from dangjian.core.seeding import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_it_serves_a_chinese_login_page_and_health_without_login(client):
    assert "账号" in client.get("/login/").content.decode()
    assert client.get("/healthz").content == b"ok"


def test_every_page_names_its_icon_and_the_browsers_default_address_finds_it(client):
    from django.contrib.staticfiles import finders

    icon = client.get("/favicon.ico")
    assert icon.status_code == 301 and icon["Location"].endswith("dangjian/favicon.svg")
    assert finders.find("dangjian/favicon.svg")
    assert 'rel="icon"' in client.get("/login/").content.decode()


def test_it_signs_in_a_demo_user(client):
    response = client.post("/login/", {"username": "secretary_a", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_it_locks_account_after_five_failures(db):
    client = Client(REMOTE_ADDR="10.9.8.7")
    for _ in range(5):
        response = client.post("/login/", {"username": "secretary_b", "password": "wrong-Pass1"})
    response = client.post("/login/", {"username": "secretary_b", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "锁定 15 分钟" in response.content.decode()
    other = Client(REMOTE_ADDR="10.9.8.8")
    assert other.post("/login/", {"username": "secretary_b", "password": DEMO_PASSWORD}).status_code == 429


def test_it_ends_idle_sessions_after_thirty_minutes(login):
    client = login("member")
    client.get("/")
    assert client.session.get_expiry_age() == 30 * 60
    # Saved only when it changes: a last-seen stamp keeps the idle rule (core/tests/test_sessions.py).
    assert not settings.SESSION_SAVE_EVERY_REQUEST and "last_seen" in client.session


def test_it_logs_out(login):
    client = login("member")
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_it_enforces_the_password_rules():
    for weak in ("Ab1!", "abcdefgh1", "password", "12345678"):
        try:
            validate_password(weak)
        except ValidationError:
            continue
        raise AssertionError(f"accepted {weak}")
    validate_password("Hongqi#2026")


def test_it_changes_the_own_password(login):
    client = login("member")
    response = client.post("/password/", {"old_password": DEMO_PASSWORD, "new_password1": "Xin#Mima2026",
                                          "new_password2": "Xin#Mima2026"})
    assert response.status_code == 302
    fresh = Client()
    assert fresh.post("/login/", {"username": "member", "password": "Xin#Mima2026"}).status_code == 302


def test_it_answers_401_to_anonymous_api_calls_and_accepts_tokens(db):
    from rest_framework.authtoken.models import Token

    from dangjian.testing.world import user

    client = Client()
    assert client.get("/api/people/").status_code == 401
    token = Token.objects.create(user=user("secretary_a"))
    response = client.get("/api/people/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert client.get("/api/schema/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200


def test_an_operators_inbox_holds_only_their_own_notifications(client, db):
    """Seeing all data does not make other people's notifications one's own (nor mark them read)."""
    from django.contrib.auth import get_user_model

    from dangjian.core.models import Notification
    from dangjian.core.notify import notify

    User = get_user_model()
    root = User.objects.create_superuser("root_inbox", password="Root@2026pass")
    other = User.objects.exclude(pk=root.pk).filter(is_superuser=False).first()
    notify(other, "inbox-test:other", "给别人的通知", url="/")
    notify(root, "inbox-test:root", "给管理员的通知", url="/")
    client.force_login(root)
    titles = [n.title for n in client.get("/notifications/").context["object_list"]]
    assert titles == ["给管理员的通知"]
    client.post("/notifications/read-all/")
    assert Notification.objects.get(key="inbox-test:other").read_at is None
    theirs = Notification.objects.get(key="inbox-test:other")
    assert client.post(f"/notifications/{theirs.pk}/open/").status_code == 404


def test_a_change_made_with_a_token_names_its_actor_like_one_made_in_a_session(db, community_a):
    from auditlog.models import LogEntry
    from rest_framework.authtoken.models import Token

    from dangjian.people.models import Person
    from dangjian.testing.world import sample, user

    person = sample(Person, community_a)
    secretary = user("secretary_a")
    token = Token.objects.create(user=secretary)
    response = Client().patch(f"/api/people/{person.pk}/", {"address": "幸福路8号"}, content_type="application/json",
                              HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200, response.content
    entry = LogEntry.objects.get_for_object(person).order_by("-pk").first()
    assert entry.changes_dict["address"][1] == "幸福路8号"
    assert entry.actor == secretary
    session = Client()
    session.force_login(secretary)
    session.patch(f"/api/people/{person.pk}/", {"address": "幸福路9号"}, content_type="application/json")
    assert LogEntry.objects.get_for_object(person).order_by("-pk").first().actor == secretary


def test_pages_and_api_answers_for_a_signed_in_person_are_never_cached(login, community_a):
    from dangjian.people.models import Person
    from dangjian.testing.world import sample

    client = login("secretary_a")
    person = sample(Person, community_a)
    for url in ("/", f"/people/{person.pk}/", "/api/people/", f"/api/people/{person.pk}/", "/members/export.xlsx"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url
        assert "camera=()" in response["Permissions-Policy"], url
