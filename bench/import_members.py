"""Time a 10,000-row roster import (target: under 15 s on the 2-core machine).

    python bench/import_members.py [--rows 10000]

Seeds the demo street in a temporary data dir (SQLite unless DATABASE_URL is set: it must be
empty), builds a real .xlsx with `rows` members for one branch, then times: the check of a file
with three bad rows (which must store nothing), and the check + import of the corrected file.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10000)
    args = parser.parse_args()
    os.environ.setdefault("DANGJIAN_DATA_DIR", tempfile.mkdtemp(prefix="dangjian-import-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from dangjian.core import seeding
    from dangjian.core.io import importer
    from dangjian.members import io
    from dangjian.members.models import PartyMember
    from dangjian.members.tests.helpers import roster_rows, xlsx_upload
    from dangjian.orgs.models import Organization

    call_command("migrate", verbosity=0)
    if not seeding.already_seeded():
        seeding.run("demo", out=lambda line: None)
    user = get_user_model().objects.get(username="street")
    user.active_assignment_id = None
    branch = Organization.objects.filter(kind="branch").order_by("path").first()

    rows = roster_rows(args.rows, branch.name, seed=99)
    bad = [list(r) for r in rows]
    bad[10][1] = bad[10][1][:-1] + ("0" if bad[10][1][-1] != "0" else "1")
    bad[5000 % len(bad)][7] = "不存在的党支部"
    bad[-1][10] = "1900-01-01"
    before = PartyMember.objects.count()

    bad_upload = xlsx_upload(bad)
    t0 = time.perf_counter()
    result = io.validate(importer.read(bad_upload, io.COLUMNS), user)
    t_bad = time.perf_counter() - t0
    assert len(result.errors) == 3 and PartyMember.objects.count() == before

    upload = xlsx_upload(rows)
    t0 = time.perf_counter()
    result = io.validate(importer.read(upload, io.COLUMNS), user)
    t_check = time.perf_counter() - t0
    t0 = time.perf_counter()
    io.commit(result, user)
    t_commit = time.perf_counter() - t0
    assert PartyMember.objects.count() == before + args.rows

    print("| rows | check with 3 bad rows | check (good file) | write | check + write |")
    print("|---:|---:|---:|---:|---:|")
    print(f"| {args.rows} | {t_bad:.1f} s | {t_check:.1f} s | {t_commit:.1f} s | {t_check + t_commit:.1f} s |")


if __name__ == "__main__":
    main()
