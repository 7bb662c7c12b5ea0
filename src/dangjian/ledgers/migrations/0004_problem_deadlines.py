"""Problems registered before the deadline rule get what it would have given them: a deadline counted
from the day they were registered (15 days, 3 when 严重), the organization as responsible organization
and its secretary as responsible person — so that the old ones can fall overdue and be supervised too."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone


def backfill(apps, schema_editor):
    Problem = apps.get_model("ledgers", "Problem")
    rows = Problem.objects.filter(deadline__isnull=True) | Problem.objects.filter(responsible_org__isnull=True) | (
        Problem.objects.filter(responsible_person__isnull=True))
    for problem in rows.select_related("organization", "responsible_org").iterator():
        fields = []
        if problem.responsible_org_id is None:
            problem.responsible_org = problem.organization
            fields.append("responsible_org")
        if problem.responsible_person_id is None and problem.responsible_org.secretary_id:
            problem.responsible_person_id = problem.responsible_org.secretary_id
            fields.append("responsible_person")
        if problem.deadline is None:
            registered = max(problem.found_on, timezone.localdate(problem.created))
            problem.deadline = registered + timedelta(days=3 if problem.severity == "critical" else 15)
            fields.append("deadline")
        if fields:
            problem.save(update_fields=fields)


class Migration(migrations.Migration):

    dependencies = [
        ("ledgers", "0003_deadline_rule"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
