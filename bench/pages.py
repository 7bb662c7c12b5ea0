"""Per-page latency and query count, served by gunicorn, at a chosen data scale; then each worker's memory.

    python bench/pages.py --scale street            # Markdown table on stdout
    python bench/pages.py --scale district --requests 10 [--data-dir /tmp/district]
    python bench/pages.py --match people:person_list --match jobs --match civic: --match stations

`--match` (repeatable) keeps the pages whose URL name contains one of the strings — the pages a change touched,
beside a yardstick such as the people list, which bench/compare.py measures against the Django admin.

Seeds a fresh SQLite database (or DATABASE_URL if set: it must be empty) in a temporary data dir — or reuses
`--data-dir` when it is already seeded — serves it with gunicorn on 127.0.0.1 as in production (second factor
required; see serving.py), signs in as the street admin and as a community secretary, and requests every page
registered in `dangjian.core.pages` (the same registry the role × view matrix test reads). A page that does
not answer 200 is listed with its status. After the sweep it prints each worker's RSS, PSS and USS (rss.py).
This prints figures; it asserts nothing.
"""

import argparse
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rss  # noqa: E402
import serving  # noqa: E402

PERSONAS = [("street", "街道党工委"), ("secretary_a", "社区书记")]


def quoted(url: str) -> str:
    return urllib.parse.quote(url, safe="/?&=%:+,")  # some pages' sample URLs carry Chinese query values


def page_urls(match=()):
    """(label, url) for each registered page (whose URL name contains one of `match`, if given), using
    community A's objects."""
    import django

    django.setup()
    from dangjian.core.pages import PAGES
    from dangjian.testing import world

    org = world.community("a")
    urls = []
    for page in PAGES:
        if not page.timed or (match and not any(m in page.url_name for m in match)):
            continue
        obj = page.sample_from(world.sample_qs(page.model, org)) if page.model else None  # honours `where`
        if page.model and obj is None:
            continue
        urls.append((page.label, page.url_for(obj), page.committee_sees))
    return urls


def _time(opener, url: str, n: int):
    """(timings ms, query count, status): a page answering other than 200 (a sample with no row: no ranking
    published yet at that scale) is reported with its status, once, and the sweep goes on."""
    try:
        opener.open(url).read()  # warm up
    except urllib.error.HTTPError as exc:
        return [], "", exc.code
    timings, queries = [], "?"
    for _ in range(n):
        t0 = time.perf_counter()
        response = opener.open(url)
        response.read()
        timings.append((time.perf_counter() - t0) * 1000)
        queries = response.headers.get("X-Query-Count", "?")
    return sorted(timings), queries, 200


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="street", choices=["demo", "street", "district"])
    parser.add_argument("--requests", type=int, default=20, help="requests per page and persona")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data-dir", type=Path, help="reuse a seeded data dir (default: a new one, seeded)")
    parser.add_argument("--match", action="append", default=[], help="only pages whose URL name contains this")
    args = parser.parse_args()

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="dangjian-bench-"))
    env = serving.environment(data_dir, DANGJIAN_QUERY_COUNT_HEADER="1")
    seed_seconds = serving.prepare(args.scale, env)
    rows = []
    with serving.gunicorn(env, args.workers) as server:
        urls = page_urls(args.match)
        for username, label in PERSONAS:
            opener = serving.login(server.base, username)
            for page_label, url, committee_sees in urls:
                if username == "street" and not committee_sees:
                    continue
                url = quoted(url)
                timings, queries, status = _time(opener, server.base + url, args.requests)
                rows.append((label, page_label, url, timings, queries, status))
        memory = rss.table(server.pid, f"gunicorn memory after the sweep ({len(rows)} rows × {args.requests + 1})")

    seeded = f"seeded in {seed_seconds:.1f} s" if seed_seconds is not None else f"data dir {data_dir} reused"
    print(f"\n### scale `{args.scale}` — {seeded}; {args.requests} requests per row, "
          f"gunicorn {args.workers} workers, SQLite unless DATABASE_URL\n")
    print("| persona | page | url | p50 ms | p95 ms | queries |")
    print("|---|---|---|---:|---:|---:|")
    for label, page_label, url, timings, queries, status in rows:
        if status != 200:
            print(f"| {label} | {page_label} | `{url}` | HTTP {status} | | |")
            continue
        p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
        print(f"| {label} | {page_label} | `{url}` | {statistics.median(timings):.1f} | {p95:.1f} | {queries} |")
    print(memory)


if __name__ == "__main__":
    main()
