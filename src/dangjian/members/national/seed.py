"""Demo 工作岗位 (the national roster's column) for the seeded members, derived from what the roster already says,
so the national export and comparison show a filled column. Relative to today; only blank posts are filled."""

from datetime import date

from django.utils import timezone

from dangjian.core.seeding import seeder

from ..models import PartyMember


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


@seeder(47)
def seed_job_posts(ctx):
    today = timezone.localdate()
    blank = PartyMember.objects.filter(job_post="")
    retired = blank.filter(person__birth_date__lte=_years_ago(today, 60)).update(job_post="离退休人员")
    employed = blank.filter(in_service=True).update(job_post="党政机关工作人员")
    students = blank.filter(person__birth_date__gt=_years_ago(today, 24)).update(job_post="学生")
    others = blank.update(job_post="其他职业人员")
    ctx.out(f"工作岗位：离退休 {retired}、在职 {employed}、学生 {students}、其他 {others}")
