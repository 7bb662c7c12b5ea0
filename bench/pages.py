"""Per-page latency and query count, served by gunicorn, at a chosen data scale.

    python bench/pages.py --scale street            # Markdown table on stdout
    python bench/pages.py --scale district --requests 10

Seeds a fresh SQLite database (or DATABASE_URL if set: it must be empty) in a temporary data dir,
serves it with gunicorn on 127.0.0.1, signs in as the street admin and as a community secretary,
and requests every page registered in `dangjian.core.pages` (the same registry the role × view
matrix test reads). This prints figures; it asserts nothing.
"""

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

PERSONAS = [("street", "街道党工委"), ("secretary_a", "社区书记")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, env):
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)


def login(base: str, username: str, password: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    opener.open(urllib.request.Request(base + "/login/", data=data.encode(), headers={"Referer": base + "/login/"}))
    return opener


def page_urls():
    """(label, url) for each registered page, using community A's objects."""
    import django

    django.setup()
    from dangjian.core.pages import PAGES
    from dangjian.testing import world

    org = world.community("a")
    urls = []
    for page in PAGES:
        if not page.timed:
            continue
        obj = world.sample(page.model, org) if page.model else None
        if page.model and obj is None:
            continue
        urls.append((page.label, page.url_for(obj), page.committee_sees))
    return urls


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="street", choices=["demo", "street", "district"])
    parser.add_argument("--requests", type=int, default=20, help="requests per page and persona")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="dangjian-bench-"))
    env = {**os.environ, "DANGJIAN_DATA_DIR": str(data_dir), "DANGJIAN_QUERY_COUNT_HEADER": "1",
           "DJANGO_SETTINGS_MODULE": "dangjian.settings"}
    os.environ.update(env)
    started = time.perf_counter()
    run([sys.executable, "-m", "dangjian.cli", "migrate", "--noinput"], env)
    run([sys.executable, "-m", "dangjian.cli", "seed", "--scale", args.scale], env)
    seed_seconds = time.perf_counter() - started
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "dangjian.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.workers),
         "--log-level", "warning"], env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        urls = page_urls()
        rows = []
        for username, label in PERSONAS:
            opener = login(base, username, "Dangjian@2026")
            for page_label, url, committee_sees in urls:
                if username == "street" and not committee_sees:
                    continue
                url = urllib.parse.quote(url, safe="/?&=%:+,")  # some pages' sample URLs carry Chinese query values
                timings, queries = [], "?"
                opener.open(base + url).read()  # warm up
                for _ in range(args.requests):
                    t0 = time.perf_counter()
                    response = opener.open(base + url)
                    response.read()
                    timings.append((time.perf_counter() - t0) * 1000)
                    queries = response.headers.get("X-Query-Count", "?")
                timings.sort()
                p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
                rows.append((label, page_label, url, statistics.median(timings), p95, queries))
    finally:
        server.terminate()
        server.wait(timeout=10)

    print(f"\n### scale `{args.scale}` — seeded in {seed_seconds:.1f} s; {args.requests} requests per row, "
          f"gunicorn {args.workers} workers, SQLite unless DATABASE_URL\n")
    print("| persona | page | url | p50 ms | p95 ms | queries |")
    print("|---|---|---|---:|---:|---:|")
    for label, page_label, url, p50, p95, queries in rows:
        print(f"| {label} | {page_label} | `{url}` | {p50:.1f} | {p95:.1f} | {queries} |")


if __name__ == "__main__":
    main()
