"""Time the annual report: composing it from the records and writing the .docx.

    python bench/report.py [--scale demo|district] [--runs 3]

Seeds a temporary data dir (SQLite unless DATABASE_URL is set: it must be empty) at the chosen
scale, then for the first street times `compose` (all figures and the imbalance analysis) and
`build_docx`, and prints the number of figures, the queries run and the times: the first compose
counts every figure from the records (grouped queries) and stores it; later ones read the stored
figures (`core.snapshots`), as every page view does.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="demo", choices=["demo", "street", "district"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DANGJIAN_DATA_DIR", tempfile.mkdtemp(prefix=f"dangjian-report-{args.scale}-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from dangjian.core import seeding
    from dangjian.orgs.models import Organization
    from dangjian.reports.composer import compose
    from dangjian.reports.document import build_docx

    call_command("migrate", verbosity=0)
    if not seeding.already_seeded():
        t0 = time.perf_counter()
        seeding.run(args.scale, out=lambda line: None)
        print(f"seeded {args.scale} in {time.perf_counter() - t0:.1f} s")
    street = Organization.objects.filter(kind="street_committee").order_by("path").first()
    year = timezone.localdate().year
    from dangjian.core.snapshots import MetricSnapshot

    MetricSnapshot.objects.all().delete()  # the first run counts from the records and stores; the rest read
    compose_times, docx_times = [], []
    for _ in range(args.runs):
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            report = compose(street, year)
            compose_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        data = build_docx(report)
        docx_times.append(time.perf_counter() - t0)
    communities = Organization.objects.filter(path__startswith=street.path, kind="community_committee").count()
    print(f"{args.scale}: street {street.name} ({communities} communities), {len(report.figures)} figures, "
          f"{len(queries)} queries, compose from the records {compose_times[0]:.2f} s, "
          f"from stored figures median {statistics.median(compose_times[1:] or compose_times):.3f} s, "
          f"docx median {statistics.median(docx_times):.2f} s, {len(data) // 1024} KB")


if __name__ == "__main__":
    main()
