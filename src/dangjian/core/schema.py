"""The OpenAPI document says what the API really answers: error statuses, empty filters, local times.

drf-spectacular documents the success of each operation; clients (and `bench/api_fuzz.py`, which checks
every response against this document) also need the refusals. They come from few places, so one hook
documents them for every operation from what the operation has:

- 401: no or a wrong token (every operation: the schema's security names the token).
- 400: a body that fails validation, a delete the records forbid, a filter value outside the caller's
  part of the tree or not a value at all (`ValidationErrors`: the fields to blame, and `detail`, one
  Chinese sentence, when the refusal came from an action).
- 403: a role that may not write this (`core.api.MayCreate`, `editable_by`, `Refused.forbidden`).
- 404: an id outside the caller's part of the tree (scoping answers 404, never 403), or a page past the end.
- 409: someone else moved the record on first, or the action was already done (`Refused.conflict`).
- 413, 414: a body or an address too large, refused before the application (no JSON body).

The refusal type `core.workflow.Refused` maps to 400/403/404/409 by its `status` (core.api.exception_handler).
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension

WRITE_METHODS = {"post", "put", "patch", "delete"}
METHODS = WRITE_METHODS | {"get"}

# A wall-clock time as DRF writes it ("09:00:00"): no offset, so not JSON Schema's "time" (RFC 3339
# full-time, which requires one). Input accepts "09:00" too.
LOCAL_TIME = {
    "type": "string",
    "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$",
    "example": "09:00:00",
    "description": "本地时间（北京时间），HH:MM[:SS]",
}

REFUSAL = {
    "type": "object",
    "description": "拒绝的原因：`detail` 为一句中文说明；由操作规则拒绝时，另附出错字段及其说明。",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
VALIDATION_ERRORS = {
    "type": "object",
    "description": "校验未通过：每个出错的字段（`non_field_errors` 为整条记录）对应中文说明的列表；"
    "由操作规则拒绝时另有 `detail`，为一句中文说明。",
    "properties": {
        "detail": {"type": "string"},
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
    },
    # A list's errors come by position: {"votes": {"1": ["请填写合法的整数值。"]}}.
    "additionalProperties": {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"}]},
}


class LocalTimeFieldExtension(OpenApiSerializerFieldExtension):
    """Every serializer TimeField (model fields such as a meeting's start time included)."""

    target_class = "rest_framework.fields.TimeField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        return dict(LOCAL_TIME)


def _error(description: str, component: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}}}


def expected_errors(path: str, method: str, operation: dict) -> dict:
    """The error statuses an operation can answer, read from its method, path and parameters."""
    query = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
    detail = "{id}" in path or "{pk}" in path
    action = not detail and len(path.strip("/").split("/")) > 2  # /api/meetings/checkin/
    write = method in WRITE_METHODS
    errors = {"401": _error("未登录或令牌无效。", "Refusal")}
    if write or any(name != "page" for name in query):
        errors["400"] = _error("请求内容或筛选条件未通过校验。", "ValidationErrors")
    if write:
        errors["403"] = _error("您的角色不能进行此操作。", "Refusal")
    if detail or action or "page" in query:
        errors["404"] = _error("没有找到该记录，或不在您的查看范围内；或页码超出范围。", "Refusal")
    if write:
        errors["409"] = _error("与记录的当前状态冲突：已由他人先行处理，或无需重复操作。", "Refusal")
        # Answered before the application, as a short HTML page (core.uploads.BodyLimitMiddleware).
        errors["413"] = {"description": "请求内容超过 DANGJIAN_UPLOAD_MAX_MB，未被接收。"}
    # Answered by the HTTP server (gunicorn's request-line limit, a proxy's) before the application.
    errors["414"] = {"description": "请求地址（含查询参数）过长，未被处理。"}
    return errors


def document_errors(result, generator, request, public):
    """Postprocessing hook: the refusals of every operation, and empty filters as "not filtered"."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Refusal", REFUSAL)
    schemas.setdefault("ValidationErrors", VALIDATION_ERRORS)
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status, response in expected_errors(path, method, operation).items():
                responses.setdefault(status, response)
            for parameter in operation.get("parameters", []):
                # django-filter and DRF's pagination read `?kind=` and `?page=` as "not given": 全部, page 1.
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
    return result
