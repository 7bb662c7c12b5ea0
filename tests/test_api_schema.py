"""The API answers what its OpenAPI document (/api/schema/) says: a client generated from the document, or a
script written against it, reads every answer as documented (issue 13).

`bench/api_fuzz.py` fuzzes every operation with Schemathesis against a served demo street; these tests keep the
fixes it led to, in-process: real responses validated with `jsonschema` against drf-spectacular's own document
(the one /api/schema/ serves), read as Schemathesis reads it — OpenAPI's `nullable` allows null, and a
`writeOnly` property must not come back in a response.
"""

import json
from datetime import date

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from jsonschema import Draft202012Validator

from dangjian.assessment.positions.models import Position, StandingService
from dangjian.core.api import NOT_AN_OBJECT, NOT_TEXT
from dangjian.ledgers.models import ResponsibilityPost, Task
from dangjian.members.models import OrgLifeMeeting, PartyMember, TrainingSession
from dangjian.orgs.models import RoleAssignment
from dangjian.people.models import Person
from dangjian.testing import world

JSON = "application/json"


@pytest.fixture(scope="module")
def document():
    """The document exactly as served (the same generator, hooks and renderer), as plain JSON."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema))


def _as_json_schema(node, response=True):
    """OpenAPI 3.0 → JSON Schema: `nullable: true` admits null; in a response a writeOnly property is absent."""
    if isinstance(node, list):
        return [_as_json_schema(item, response) for item in node]
    if not isinstance(node, dict):
        return node
    write_only = [name for name, prop in node.get("properties", {}).items()
                  if isinstance(prop, dict) and prop.get("writeOnly")] if response else []
    out = {key: _as_json_schema(value, response) for key, value in node.items()}
    if "properties" in node and isinstance(node["properties"], dict):
        out["properties"] = {name: (False if name in write_only else _as_json_schema(prop, response))
                             for name, prop in node["properties"].items()}
        if "required" in out:
            out["required"] = [name for name in out["required"] if name not in write_only]
    if out.pop("nullable", False):
        return {"anyOf": [out, {"type": "null"}]}
    return out


def check(document, path, method, response) -> dict:
    """The response's status is documented for the operation, and its body matches that status's schema."""
    responses = document["paths"][path][method]["responses"]
    status = str(response.status_code)
    assert status in responses, (path, method, status, sorted(responses), response.content[:300])
    assert response["Content-Type"].startswith(JSON), response["Content-Type"]
    schema = responses[status]["content"][JSON]["schema"]
    components = {"schemas": _as_json_schema(document["components"]["schemas"])}
    validator = Draft202012Validator({**_as_json_schema(schema), "components": components},
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    body = response.json()
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)]
    assert errors == [], (path, method, status)
    return body


# --- the operations that disagreed with the document -------------------------------------------------------


def test_a_meetings_start_time_is_the_local_time_the_document_describes(document, login, community_a):
    """DRF writes "09:00:00"; the document said `format: time`, which in JSON Schema needs an offset."""
    meeting = OrgLifeMeeting.objects.filter(organization__path__startswith=community_a.path,
                                            start_time__isnull=False).first()
    client = login("secretary_a")
    body = check(document, "/api/meetings/{id}/", "get", client.get(f"/api/meetings/{meeting.pk}/"))
    assert body["start_time"] == meeting.start_time.isoformat()
    assert "format" not in document["components"]["schemas"]["Meeting"]["properties"]["start_time"]
    changed = client.patch(f"/api/meetings/{meeting.pk}/", {"start_time": "19:30"}, content_type=JSON)
    assert check(document, "/api/meetings/{id}/", "patch", changed)["start_time"] == "19:30:00"


def test_a_standing_service_run_by_nobody_named_reads_null_names(document, login, community_a):
    position = Position.objects.create(organization=community_a, name="测试阵地", level="community",
                                       kind="service_centre")
    StandingService.objects.create(position=position, name="政策宣讲", since=date(2024, 1, 1))
    client = login("secretary_a")
    body = check(document, "/api/positions/{id}/", "get", client.get(f"/api/positions/{position.pk}/"))
    service = body["standing_services"][0]
    assert (service["team_name"], service["brand_name"], service["partner_name"]) == (None, None, None)
    check(document, "/api/positions/", "get", client.get("/api/positions/"))


def test_a_role_assignment_reads_back_its_account_name(document, login, community_a):
    """`username` was written-only in the document but sent in every answer."""
    assignment = RoleAssignment.objects.filter(organization=community_a).select_related("user").first()
    client = login("secretary_a")
    body = check(document, "/api/role-assignments/{id}/", "get", client.get(f"/api/role-assignments/{assignment.pk}/"))
    assert body["username"] == assignment.user.username
    assert not document["components"]["schemas"]["RoleAssignment"]["properties"]["username"].get("writeOnly")
    check(document, "/api/role-assignments/", "get", client.get("/api/role-assignments/"))


def test_a_created_task_answers_with_its_progress(document, login, street):
    """Every read of a task has `progress`; the answer to its creation had none."""
    payload = {"organization": street.pk, "year": timezone.localdate().year, "title": "测试任务",
               "category": Task._meta.get_field("category").choices[0][0],
               "deadline": f"{timezone.localdate().year}-12-31"}
    response = login("street_admin").post("/api/tasks/", payload, content_type=JSON)
    assert response.status_code == 201, response.content
    assert check(document, "/api/tasks/", "post", response)["progress"] == "0.0"
    task_id = response.json()["id"]
    changed = login("street_admin").patch(f"/api/tasks/{task_id}/", {"title": "测试任务（改）"}, content_type=JSON)
    assert check(document, "/api/tasks/{id}/", "patch", changed)["progress"] == "0.0"


def test_a_responsibility_posts_tasks_can_be_changed(document, login, community_a):
    """A many-to-many field in a PATCH was set on the unsaved row before clean(): a server error."""
    post = ResponsibilityPost.objects.filter(organization__path__startswith=community_a.path).first()
    tasks = list(Task.objects.visible_to(world.user("secretary_a")).values_list("pk", flat=True)[:2])
    response = login("secretary_a").patch(f"/api/responsibilities/{post.pk}/", {"tasks": tasks}, content_type=JSON)
    assert sorted(check(document, "/api/responsibilities/{id}/", "patch", response)["tasks"]) == sorted(tasks)
    assert sorted(post.tasks.values_list("pk", flat=True)) == sorted(tasks)


def test_a_booking_through_the_api_answers_201_as_documented(document, login, community_a):
    """The action answers 201 Created; the document said 200."""
    from datetime import timedelta

    from dangjian.services.models import ServiceItem, ServiceSlot

    item = ServiceItem.objects.filter(organization=community_a).first()
    start = timezone.now() + timedelta(days=2)
    slot = ServiceSlot.objects.create(item=item, starts_at=start, ends_at=start + timedelta(hours=1))
    response = login("resident").post(f"/api/service-items/{item.pk}/book/", {"slot": slot.pk}, content_type=JSON)
    assert response.status_code == 201, response.content
    assert check(document, "/api/service-items/{id}/book/", "post", response)["id"] == slot.pk


# --- the refusals, as documented ------------------------------------------------------------------------------


def test_refusals_are_documented_and_shaped_as_documented(document, login, client, community_a, community_b):
    outside = Person.objects.filter(organization__path__startswith=community_b.path).first()
    secretary = login("secretary_a")
    check(document, "/api/people/{id}/", "get", secretary.get(f"/api/people/{outside.pk}/"))  # out of scope: 404
    check(document, "/api/people/", "get", secretary.get("/api/people/", {"page": 999}))  # past the end: 404
    check(document, "/api/people/", "get", secretary.get("/api/people/", {"within": community_b.pk}))  # 400
    check(document, "/api/people/", "post", login("member").post("/api/people/", {}, content_type=JSON))  # 403
    check(document, "/api/people/", "get", client.get("/api/people/"))  # no sign-in: 401
    assert client.get("/api/people/").status_code == 401
    bad = secretary.post("/api/people/", {"organization": community_a.pk}, content_type=JSON)
    assert check(document, "/api/people/", "post", bad)["name"]  # the field to blame, in Chinese


def test_every_operation_documents_its_refusals(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert "401" in codes, (method, path)
            if method != "get":
                assert {"400", "403", "409"} <= codes, (method, path)
            if "{id}" in path:
                assert "404" in codes, (method, path)
            assert all(p.get("allowEmptyValue") for p in operation.get("parameters", []) if p["in"] == "query")


def test_an_api_address_no_route_takes_answers_json_404(login, client):
    secretary = login("secretary_a")
    for url in ("/api/people/0.5/", "/api/people/1e-07/", "/api/wishes/0.5/claim/", "/api/people/1/nothing/",
                "/api/nothing/", "/api/trainings/%0A.x/"):
        response = secretary.get(url)
        assert (response.status_code, response["Content-Type"]) == (404, JSON), url
        assert response.json() == {"detail": "未找到。"}
        assert secretary.delete(url).status_code == 404
    assert client.get("/api/people/1/nothing/").status_code == 401  # the sign-in check first, as on every route
    assert secretary.get("/api/people").status_code == 301  # a missing slash is still added


def test_an_action_refuses_a_body_that_is_not_an_object(login, community_a):
    from dangjian.governance.models import Decision
    from dangjian.services.models import ServiceItem

    decision = Decision.objects.visible_to(world.user("secretary_a")).first()
    item = ServiceItem.objects.filter(organization=community_a).first()
    for persona, url in (("member", "/api/meetings/checkin/"),
                         ("secretary_a", f"/api/decisions/{decision.pk}/advance/"),
                         ("resident", f"/api/service-items/{item.pk}/book/")):
        for payload in ("[1, 2]", '"token"', "3"):
            response = login(persona).post(url, payload, content_type=JSON)
            assert response.status_code == 400, (url, payload, response.content[:200])
            assert response.json() == {"non_field_errors": [NOT_AN_OBJECT]}


def test_a_text_field_refuses_a_number_or_a_list(document, login, community_a):
    training = TrainingSession.objects.filter(organization__path__startswith=community_a.path).first()
    client = login("secretary_a")
    for value in (0, True, ["x"], {"a": 1}):
        response = client.patch(f"/api/trainings/{training.pk}/", {"note": value}, content_type=JSON)
        assert check(document, "/api/trainings/{id}/", "patch", response) == {"note": [NOT_TEXT]}
    training.refresh_from_db()
    assert training.note != "0"
    assert client.patch(f"/api/trainings/{training.pk}/", {"note": "备注"}, content_type=JSON).status_code == 200
    # maxLength counts what was sent: DRF would trim the leading space (U+0085) and take 51 characters as 50.
    limit = TrainingSession._meta.get_field("title").max_length
    response = client.patch(f"/api/trainings/{training.pk}/", {"title": "\x85" + "党" * limit}, content_type=JSON)
    assert list(check(document, "/api/trainings/{id}/", "patch", response)) == ["title"]


def test_a_yes_no_filter_takes_true_false_or_nothing(document, login, street):
    client = login("street_admin")
    everyone = client.get("/api/party-members/").json()["count"]
    hardship = PartyMember.objects.visible_to(world.user("street")).filter(is_hardship=True).count()
    assert client.get("/api/party-members/", {"is_hardship": "true"}).json()["count"] == hardship
    assert client.get("/api/party-members/", {"is_hardship": ""}).json()["count"] == everyone  # empty: 全部
    for garbage in ("yes", "2", "-1"):
        response = client.get("/api/party-members/", {"is_hardship": garbage})
        assert list(check(document, "/api/party-members/", "get", response)) == ["is_hardship"], garbage
    page = client.get("/members/", {"is_hardship": "yes"})
    assert page.status_code == 200  # the page shows its form's error instead


def test_a_malformed_multipart_body_is_not_a_server_error(login, client):
    broken = "multipart/form-data"  # no boundary
    assert client.post("/login/", "x", content_type=broken).status_code < 500
    assert login("secretary_a").post("/api/people/", "x", content_type=broken).status_code in (400, 415)
    assert login("secretary_a").post("/api/people/", "x", content_type=broken + "; boundary=").status_code < 500
