"""The platform's pages side by side with the Django admin and a minimal view of the same rows.

    python bench/compare.py [--scale street] [--requests 30]

Seeds a temporary data dir (SQLite unless DATABASE_URL is set: it must be empty), then serves each
request in-process through the whole middleware stack (Django's test client): the platform page as
the street's committee (scoped, with its history, buttons and links), the admin page for the same
object as a superuser, and a minimal view (one query, a plain table). Prints p50 times, query counts
and the ratios platform ÷ admin and platform ÷ minimal. Figures, not assertions. (The admin's change
form renders a select of every related row — thousands at street scale — so for detail pages the
minimal view is the yardstick that means something; for lists, the admin changelist is.)
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _time(client, url, n):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm
    times = []
    for _ in range(n):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), len(ctx.captured_queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="street", choices=["demo", "street", "district"])
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("DANGJIAN_DATA_DIR", tempfile.mkdtemp(prefix=f"dangjian-compare-{args.scale}-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "dangjian.settings"
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "compare_urls"
    settings.ALLOWED_HOSTS = ["*"]
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from dangjian.coop.models import JointActivity
    from dangjian.core import seeding
    from dangjian.ledgers.models import Problem, Task
    from dangjian.testing import world

    call_command("migrate", verbosity=0)
    if not seeding.already_seeded():
        t0 = time.perf_counter()
        seeding.run(args.scale, out=lambda line: None)
        print(f"seeded {args.scale} in {time.perf_counter() - t0:.1f} s")
    street = Client()
    street.force_login(world.user("street"))
    root, _ = get_user_model().objects.get_or_create(username="bench_root", defaults={"is_superuser": True,
                                                                                        "is_staff": True})
    admin = Client()
    admin.force_login(root)
    community = world.community("a")
    problem = world.sample(Problem, community)
    task = world.sample(Task, community)
    activity = JointActivity.objects.filter(organization__path__startswith=community.path).order_by("-pk").first()
    rows = [
        ("问题详情", f"/ledgers/problems/{problem.pk}/", f"/admin/ledgers/problem/{problem.pk}/change/",
         f"/bench/minimal/ledgers.Problem/{problem.pk}/"),
        ("问题清单", "/ledgers/problems/", "/admin/ledgers/problem/", "/bench/minimal/ledgers.Problem/"),
        ("任务详情", f"/ledgers/tasks/{task.pk}/", f"/admin/ledgers/task/{task.pk}/change/",
         f"/bench/minimal/ledgers.Task/{task.pk}/"),
        ("联创共建活动", f"/coop/activities/{activity.pk}/", f"/admin/coop/jointactivity/{activity.pk}/change/",
         f"/bench/minimal/coop.JointActivity/{activity.pk}/"),
        ("党员名册", "/members/", "/admin/members/partymember/", "/bench/minimal/members.PartyMember/"),
        ("人员", "/people/", "/admin/people/person/", "/bench/minimal/people.Person/"),
        ("任务清单", "/ledgers/tasks/", "/admin/ledgers/task/", "/bench/minimal/ledgers.Task/"),
        ("走访记录", "/ledgers/visits/", "/admin/ledgers/visit/", "/bench/minimal/ledgers.Visit/"),
        # The landing page counts every to-do kind for the user; the admin's index is its nearest yardstick.
        ("首页（我的待办）", "/", "/admin/", "/bench/minimal/ledgers.Problem/"),
    ]
    print(f"\n### scale `{args.scale}`, {args.requests} requests per cell, in-process, "
          f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}\n")
    print("| page | platform p50 ms (queries) | admin p50 ms (queries) | minimal p50 ms (queries) | platform ÷ admin "
          "| platform ÷ minimal |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, page, admin_url, minimal in rows:
        p, pq = _time(street, page, args.requests)
        a, aq = _time(admin, admin_url, args.requests)
        m, mq = _time(admin, minimal, args.requests)
        print(f"| {label} | {p:.1f} ({pq}) | {a:.1f} ({aq}) | {m:.1f} ({mq}) | {p / a:.2f} | {p / m:.1f} |")


if __name__ == "__main__":
    main()
