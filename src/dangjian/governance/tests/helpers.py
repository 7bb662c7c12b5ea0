"""Shared steps of the governance tests: a decision walked through its stages as the page posts them."""

from auditlog.models import LogEntry

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

# What each stage's form sends besides the stage and its record.
STAGE_FORMS = {
    "solicit": {"opinions_count": "40"},
    "resolve": {"votes_for": "35", "votes_against": "2", "votes_abstain": "1"},
}


def post_stage(client, decision, stage, record="按程序办理", **extra):
    data = {"stage": stage, "record": record, **STAGE_FORMS.get(stage, {}), **extra}
    return client.post(f"/governance/decisions/{decision.pk}/advance/", data, follow=True)


def walk(client, decision, stages):
    for stage in stages:
        post_stage(client, decision, stage)
    decision.refresh_from_db()
    return decision


def history(obj):
    return list(LogEntry.objects.get_for_object(obj).select_related("actor").order_by("timestamp", "pk"))


def steps_of(obj):
    """(step, actor, reason) of each workflow entry (creation and plain edits name no step)."""
    return [((e.additional_data or {}).get("step"), e.actor.username if e.actor else None,
             (e.additional_data or {}).get("reason")) for e in history(obj) if (e.additional_data or {}).get("step")]
