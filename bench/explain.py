"""The slowest queries behind the registered pages, with their PostgreSQL plans.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangjian python bench/explain.py [--top 20] [--scale district]
    python bench/explain.py --personas street,secretary_a,district --runs 2 --sql-chars 0 > plans.md

PostgreSQL only (`EXPLAIN (ANALYZE, BUFFERS)`). Uses the data already in DATABASE_URL (seeds `--scale` into it
when it holds none). Every page of `dangjian.core.pages` that bench/pages.py times is requested in-process
through the whole middleware stack (Django's test client) as each persona — the same URLs, without gunicorn,
so that every query can be caught with its parameters by `connection.execute_wrapper`. Queries are grouped by
their SQL text (an `IN (%s, …)` list of any length counts as one); the `--top` slowest by their slowest single
run are then run again under `EXPLAIN (ANALYZE, BUFFERS)` with that run's parameters and printed with the pages
they came from. The summary flags sequential scans that threw away many rows — where an index is missing.

When the server loads pg_stat_statements (`SHOW shared_preload_libraries`), its own top list for the same
requests (server-side times, every statement including the session's) is printed as well, as a cross-check.
Prints figures and plans; asserts nothing.
"""

import argparse
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IN_LIST = re.compile(r"\((?:%s, )+%s\)")
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")
REMOVED = re.compile(r"Rows Removed by Filter: (\d+)")
ACTUAL = re.compile(r"actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)")


@dataclass
class Seen:
    sql: str
    params: tuple = ()
    slowest_ms: float = 0.0
    total_ms: float = 0.0
    calls: int = 0
    pages: set = field(default_factory=set)


class Recorder:
    """An execute_wrapper: every SELECT with its time and parameters, keyed by its normalised text."""

    def __init__(self):
        self.seen: dict[str, Seen] = {}
        self.page = ""
        self.on = False

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            ms = (time.perf_counter() - t0) * 1000
            if self.on and not many and sql.lstrip()[:6].upper().startswith(("SELECT", "WITH")):
                key = IN_LIST.sub("(%s…)", sql)
                entry = self.seen.setdefault(key, Seen(sql))
                entry.calls += 1
                entry.total_ms += ms
                entry.pages.add(self.page)
                if ms >= entry.slowest_ms:
                    entry.slowest_ms, entry.sql, entry.params = ms, sql, tuple(params or ())


def pg_stat_statements(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_preload_libraries")
        if "pg_stat_statements" not in cursor.fetchone()[0]:
            return False
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        cursor.execute("SELECT pg_stat_statements_reset()")
    return True


def print_pg_stat_statements(connection, top):
    with connection.cursor() as cursor:
        cursor.execute("SELECT calls, mean_exec_time, max_exec_time, query FROM pg_stat_statements "
                       "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                       "AND query ILIKE 'select%%' ORDER BY max_exec_time DESC LIMIT %s", [top])
        rows = cursor.fetchall()
    print(f"\n## pg_stat_statements: the {top} slowest by their slowest run (server-side)\n")
    print("| calls | mean ms | max ms | query |")
    print("|---:|---:|---:|---|")
    for calls, mean, most, query in rows:
        print(f"| {calls} | {mean:.1f} | {most:.1f} | `{' '.join(query.split())[:160]}` |")


def explain(connection, entry: Seen) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + entry.sql, entry.params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--scale", default="district", choices=["demo", "street", "district"],
                        help="seeded into DATABASE_URL only when it holds no data")
    parser.add_argument("--personas", default="street,secretary_a", help="usernames, comma-separated")
    parser.add_argument("--pages", default="",
                        help="only these URLs (comma-separated; a trailing * matches a prefix: /members/*)")
    parser.add_argument("--runs", type=int, default=1, help="recorded requests per page after one warm-up")
    parser.add_argument("--sql-chars", type=int, default=600, help="print this much of each query (0: all)")
    parser.add_argument("--index", action="append", default=[],
                        help="an index to judge: every captured query whose plan uses it, timed with it and without "
                             "(dropped inside a transaction that is rolled back; it locks the table meanwhile, so "
                             "use a bench database). Repeatable.")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("bench/explain.py needs DATABASE_URL=postgres://… (EXPLAIN ANALYZE plans are PostgreSQL's)")
    os.environ.setdefault("DANGJIAN_DATA_DIR", str(ROOT / "var"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "dangjian.settings"
    os.environ.setdefault("DANGJIAN_2FA", "off")  # signed in by the test client: no authenticator in the loop
    os.environ["DANGJIAN_DAILY_JOBS"] = "0"  # the day's reminders are not a page's work
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]
    import django
    from django.conf import settings

    django.setup()
    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command
    from django.db import connection

    from dangjian.core import seeding

    call_command("migrate", verbosity=0)
    if not seeding.already_seeded():
        t0 = time.perf_counter()
        seeding.run(args.scale, out=lambda line: None)
        print(f"seeded {args.scale} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would have them after a while
    stats = pg_stat_statements(connection)
    recorder, requests, elapsed = capture(args.personas.split(","), [p for p in args.pages.split(",") if p],
                                          args.runs)
    if args.index:
        judge(connection, recorder.seen.values(), args.index)
        return
    ranked = sorted(recorder.seen.values(), key=lambda e: e.slowest_ms, reverse=True)[: args.top]
    counts = dict(_table_rows(connection))
    print(f"# The {len(ranked)} slowest distinct queries of {requests} page requests "
          f"({len(recorder.seen)} distinct SELECTs, {elapsed:.0f} s; personas {args.personas})\n")
    print("| # | slowest ms | calls | total ms | plan ms | sequential scans of large tables | first page |")
    print("|---:|---:|---:|---:|---:|---|---|")
    plans = []
    for i, entry in enumerate(ranked, 1):
        plan = explain(connection, entry)
        plans.append(plan)
        print(f"| {i} | {entry.slowest_ms:.1f} | {entry.calls} | {entry.total_ms:.0f} | {_took(plan):.1f} | "
              f"{_scans(plan, counts)} | {sorted(entry.pages)[0]} |")
    for i, (entry, plan) in enumerate(zip(ranked, plans, strict=True), 1):
        sql = entry.sql if args.sql_chars == 0 else entry.sql[: args.sql_chars]
        print(f"\n## {i}. {entry.slowest_ms:.1f} ms, {entry.calls} calls — {', '.join(sorted(entry.pages)[:3])}\n")
        print(f"```sql\n{sql}{'…' if len(sql) < len(entry.sql) else ''}\n-- params: {entry.params[:12]!r}\n```\n")
        print(f"```\n{plan}\n```")
    if stats:
        print_pg_stat_statements(connection, args.top)


def capture(personas, only, runs):
    """Request every timed page as each persona with the recorder on; (recorder, requests, seconds)."""
    from django.db import connection
    from django.test import Client
    from pages import page_urls

    from dangjian.testing import world

    urls = [u for u in page_urls() if not only or any(u[1] == o or (o.endswith("*") and u[1].startswith(o[:-1]))
                                                      for o in only)]
    recorder = Recorder()
    requests = 0
    started = time.perf_counter()
    with connection.execute_wrapper(recorder):
        for username in personas:
            client = Client()
            client.force_login(world.user(username))
            for label, url, committee_sees in urls:
                if username == "street" and not committee_sees:
                    continue
                recorder.page, recorder.on = f"{label} `{url}`", False
                client.get(url)  # warm-up: caches, the first request's one-off work
                recorder.on = True
                for _ in range(runs):
                    client.get(url)
                    requests += 1
                recorder.on = False
    return recorder, requests, time.perf_counter() - started


def judge(connection, seen, indexes):
    """For each index, the captured queries whose plan uses it: their plan time with it and without it."""
    from django.db import transaction

    class Undo(Exception):
        pass

    for name in indexes:
        with connection.cursor() as cursor:
            cursor.execute("SELECT tablename, indexdef FROM pg_indexes WHERE indexname = %s", [name])
            table, definition = cursor.fetchone() or sys.exit(f"no index named {name}")
        print(f"\n### `{name}`: `{definition}`\n")
        print("| with ms | without ms | plan without it | page |")
        print("|---:|---:|---|---|")
        used = 0
        for entry in seen:
            plan = explain(connection, entry)
            if name not in plan:
                continue
            used += 1
            with_ms = min(_took(plan), _took(explain(connection, entry)))
            try:
                with transaction.atomic():
                    with connection.cursor() as cursor:
                        cursor.execute(f'DROP INDEX "{name}"')
                    without = [explain(connection, entry) for _ in range(2)]
                    raise Undo
            except Undo:
                pass
            top = next((line.strip() for line in without[0].splitlines() if f" on {table}" in line), "")
            print(f"| {with_ms:.2f} | {min(_took(p) for p in without):.2f} | {top.split('  (')[0]} | "
                  f"{sorted(entry.pages)[0]} |")
        if not used:
            print("| — | — | no captured query uses it | |")


def _took(plan: str) -> float:
    found = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return float(found.group(1)) if found else 0.0


def _scans(plan: str, counts: dict) -> str:
    """Sequential scans of tables of 1,000 rows or more, with the rows they read and kept: a scan that keeps
    few of many rows is where an index is missing (one that keeps most of them is the cheaper plan)."""
    lines = plan.splitlines()
    totals: dict[str, list[int]] = {}
    for n, line in enumerate(lines):
        scan, actual = SEQ_SCAN.search(line), ACTUAL.search(line)
        if not scan or not actual or counts.get(scan.group(1), 0) < 1000:
            continue
        loops = int(actual.group(2))
        kept = int(actual.group(1)) * loops
        removed = next((int(m.group(1)) * loops for f in lines[n + 1: n + 4] if (m := REMOVED.search(f))), 0)
        total = totals.setdefault(scan.group(1), [0, 0])
        total[0] += kept + removed
        total[1] += kept
    return ", ".join(f"{t} ({r:,} read, {k:,} kept)" for t, (r, k) in totals.items()) or "—"


def _table_rows(connection):
    """Estimated rows per table: a sequential scan of a small table is no finding."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' "
                       "AND relnamespace = 'public'::regnamespace")
        return cursor.fetchall()


if __name__ == "__main__":
    main()
