"""The app's list pages and health check side by side with yardsticks, on one gunicorn, under concurrent load.

    python bench/compare.py [--scale street] [--data-dir DIR] [--clients 4] [--rounds 5] [--seconds 3]

Seeds a data dir (or reuses --data-dir; SQLite unless DATABASE_URL is set), starts ONE gunicorn (2 workers)
with DANGJIAN_BENCH_VIEWS=1 serving `dangjian.core.benchwsgi`, signs each client in as `--user`
(default `admin`, who sees every row, as the admin site does) with its own session, and measures, with N
concurrent client processes:

- the member roster `/members/` and the people list `/people/` against (a) the Django admin changelist of the
  same model at the same page size, 25 (`/bench/admin/`: the real `PersonAdmin`; members with the roster's
  columns), and (b) a minimal view of the same project that renders the same 25 rows (`visible_to(user)`, the
  list's queryset) as a plain table, through the same middleware and sign-in;
- `/healthz` against a bare view that runs the same `SELECT 1` through Django's handler without middleware.

Interleaved: each round runs every URL for `--seconds` in turn (the order rotating), after a warm-up round
that is not counted; throughput is the requests completed over the time they took, all rounds together.
Prints req/s and p50/p95 per URL, the ratios against the goals of issue 14 (≥ 1.5× the admin changelist,
≥ 0.5× the minimal view, /healthz ≥ 0.8× the bare view), and each worker's memory afterwards. The clients
are Python processes on the same machine: their own cost caps the fastest views, so the ratios to the bare
view understate the gap. Figures, not assertions.
"""

import argparse
import http.client
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rss  # noqa: E402
import serving  # noqa: E402

LISTS = [  # label, the app's page, the admin changelist (25 a page), the minimal view
    ("党员名册", "/members/", "/bench/admin/members/partymember/", "/bench/minimal/members/"),
    ("人员", "/people/", "/bench/admin/people/person/", "/bench/minimal/people/"),
]
HEALTH, BARE = "/healthz", "/bench/bare"
GOALS = {"admin": 1.5, "minimal": 0.5, "bare": 0.8}


def _client(host, port, url, cookie, start_at, seconds, results):
    """One client: GET `url` back to back from `start_at` for `seconds`; (latencies ms, failures, end)."""
    conn = http.client.HTTPConnection(host, port, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    times, failures = [], 0
    time.sleep(max(0.0, start_at - time.time()))
    deadline = start_at + seconds
    while time.time() < deadline:
        t0 = time.perf_counter()
        conn.request("GET", url, headers=headers)
        response = conn.getresponse()
        response.read()
        times.append((time.perf_counter() - t0) * 1000)
        failures += response.status != 200
        if response.will_close:
            conn.close()
    results.put((times, failures, time.time()))


def _cell(server, url, cookies, seconds):
    """N clients on one URL at once: (latencies, failures, elapsed seconds)."""
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()
    start_at = time.time() + 0.2
    clients = [ctx.Process(target=_client, args=(server.host, server.port, url, cookie, start_at, seconds, results))
               for cookie in cookies]
    for c in clients:
        c.start()
    outcomes = [results.get() for _ in clients]
    for c in clients:
        c.join()
    times = [t for o in outcomes for t in o[0]]
    return times, sum(o[1] for o in outcomes), max(o[2] for o in outcomes) - start_at


def _check(server, url, cookie):
    conn = http.client.HTTPConnection(server.host, server.port, timeout=60)
    conn.request("GET", url, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    body = response.read().decode(errors="replace")
    if response.status != 200:
        raise SystemExit(f"{url} answered {response.status} {response.getheader('Location') or body[:200]}")


def measure(server, targets, cookies, rounds, seconds):
    """{url: (req/s, p50, p95, failures)} over `rounds` interleaved rounds, after one warm-up round."""
    done = {url: ([], 0, 0.0) for url, _ in targets}
    for r in range(rounds + 1):
        order = targets[r % len(targets):] + targets[:r % len(targets)]
        for url, needs_login in order:
            times, failures, elapsed = _cell(server, url, cookies if needs_login else [""] * len(cookies),
                                             seconds if r else min(seconds, 1.0))
            if r:  # round 0 warms both workers up
                t, f, e = done[url]
                done[url] = (t + times, f + failures, e + elapsed)
    figures = {}
    for url, (times, failures, elapsed) in done.items():
        times.sort()
        figures[url] = (len(times) / elapsed, statistics.median(times), times[int(0.95 * (len(times) - 1))],
                        failures)
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="street", choices=["demo", "street", "district"])
    parser.add_argument("--data-dir", type=Path, help="reuse a seeded data dir (default: a new one, seeded)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (processes)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3.0, help="per URL and round")
    parser.add_argument("--user", default="admin", help="who the clients sign in as (admin: sees every row)")
    args = parser.parse_args()

    env = serving.environment(args.data_dir or Path(tempfile.mkdtemp(prefix="dangjian-compare-")),
                              DANGJIAN_BENCH_VIEWS="1")
    seed_seconds = serving.prepare(args.scale, env)
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    targets = [(url, True) for row in LISTS for url in row[1:]] + [(HEALTH, False), (BARE, False)]
    with serving.gunicorn(env, args.workers, app="dangjian.core.benchwsgi") as server:
        cookies = [serving.login(server.base, args.user).cookie_header for _ in range(args.clients)]
        for url, needs_login in targets:
            _check(server, url, cookies[0] if needs_login else "")
        figures = measure(server, targets, cookies, args.rounds, args.seconds)
        memory = rss.table(server.pid, "gunicorn memory afterwards")

    seeded = f"seeded in {seed_seconds:.0f} s" if seed_seconds is not None else "data dir reused"
    print(f"\n### compare — scale `{args.scale}` ({seeded}), {engine}, gunicorn {args.workers} workers, "
          f"{args.clients} clients, {args.rounds} rounds × {args.seconds:g} s per URL, signed in as `{args.user}`\n")
    print("| URL | req/s | p50 ms | p95 ms | failed |")
    print("|---|---:|---:|---:|---:|")
    for url, _ in targets:
        rate, p50, p95, failures = figures[url]
        print(f"| `{url}` | {rate:.1f} | {p50:.1f} | {p95:.1f} | {failures} |")
    print("\n| page | ÷ admin changelist (goal ≥ 1.5×) | ÷ minimal view (goal ≥ 0.5×) |")
    print("|---|---:|---:|")
    for label, page, admin, minimal in LISTS:
        print(f"| {label} `{page}` | {_ratio(figures, page, admin, 'admin')} | "
              f"{_ratio(figures, page, minimal, 'minimal')} |")
    print(f"| `/healthz` ÷ bare `SELECT 1` (goal ≥ 0.8×) | {_ratio(figures, HEALTH, BARE, 'bare')} | |")
    print(memory)


def _ratio(figures, page, yardstick, goal) -> str:
    """Throughput ratio (and the p50 ratio, yardstick ÷ page, in brackets); ✓ when the goal is met."""
    rate = figures[page][0] / figures[yardstick][0]
    p50 = figures[yardstick][1] / figures[page][1]
    return f"{rate:.2f}× {'✓' if rate >= GOALS[goal] else '✗'} (p50 {p50:.2f}×)"


if __name__ == "__main__":
    main()
