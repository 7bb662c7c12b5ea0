"""Time the district's comparison of every unit of its streets (the imbalance analysis over the whole district).

    DANGJIAN_DATA_DIR=DIR [DATABASE_URL=…] python bench/district_analysis.py

Uses an already seeded district data dir: drops the stored figures, then runs `analyse` for the district three
times — the first counts every figure from the records (grouped queries) and stores it, the others read stored
figures, as the page does after the nightly count. Prints units, time and queries of each run.
"""

import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")


def main():
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from dangjian.assessment.scores.analysis import analyse
    from dangjian.core import metrics
    from dangjian.core.snapshots import MetricSnapshot
    from dangjian.orgs.models import Organization

    district = Organization.objects.filter(depth=1).order_by("path").first()
    year = timezone.localdate().year
    start, end = date(year, 1, 1), date(year, 12, 31)
    MetricSnapshot.objects.all().delete()
    for label in ("from the records", "stored", "stored"):
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            families, _ = analyse(metrics.Scope(), district, start, end)
            took = time.perf_counter() - t0
        units = sum(len(f["units"]) for f in families)
        print(f"{district.name}: {units} units, {label}: {took * 1000:.0f} ms, {len(queries)} queries")


if __name__ == "__main__":
    main()
