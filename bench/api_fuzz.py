"""Fuzz the DRF API against its own OpenAPI document with Schemathesis, as the street admin and as a member.

    python bench/api_fuzz.py                      # both personas side by side, 10 examples per operation
    python bench/api_fuzz.py --max-examples 100 --persona street --seed 7

Every response must be what /api/schema/ says (status, content type, body), no request may get a server
error, a schema-violating request must be refused, and so on: `schemathesis run --checks all`, with the
few by-design exceptions written down in bench/schemathesis.toml. Exits 1 on any failure (issue 13).

For each persona: a fresh data dir with a fresh SQLite database (migrated, `seed --scale demo` once, then
copied, so one persona's deletions never show in the other's run), a token (`drf_create_token`), gunicorn on
a free port, and one `schemathesis run` bounded by --max-examples per operation and by --timeout overall.
Writes change the seeded data, and a DELETE may make a later request 404: both are fine as long as each
answer matches the document.

Cost: about 2 minutes on the 2-core machine (13,500 test cases, ~220 CPU s; seeding ~30 s), most of it the
coverage phase, which enumerates each parameter's and field's edge cases whatever --max-examples says.
Run it before a release: CI's 20 minutes hold the suite on both databases, the leap-day run and the browser
journeys, and this would push past them.

Lock-outs: the fuzz signs in with a token only. django-axes counts failed *logins* (the login form,
`authenticate()`), never a token, so a wrong or missing token (the `ignored_auth` check) is a plain 401 and
locks out nobody; the registration rate limit guards /register/, which is not part of the API.
"""

import argparse
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "schemathesis.toml"
PERSONAS = {"street": "街道党工委（管理员）", "member": "党员"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dangjian(env, *args) -> str:
    return subprocess.run([sys.executable, "-m", "dangjian.cli", *args], env=env, check=True, text=True,
                          stdout=subprocess.PIPE).stdout


def seed(base: Path, env) -> dict[str, str]:
    """Migrate and seed the demo street once; tokens for the personas (kept in the copied database)."""
    dangjian(env, "migrate", "--noinput")
    dangjian(env, "seed", "--scale", "demo")
    tokens = {}
    for username in PERSONAS:
        out = dangjian(env, "drf_create_token", username)
        tokens[username] = re.search(r"Generated token (\w+)", out).group(1)
    return tokens


def wait_until_up(base_url: str, server: subprocess.Popen) -> None:
    for _ in range(150):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            urllib.request.urlopen(base_url + "/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz in 30 s")


def fuzz(persona: str, token: str, data_dir: Path, env, args) -> dict:
    """One `schemathesis run` against a gunicorn serving this persona's copy; returns the JSON report."""
    env = {**env, "DANGJIAN_DATA_DIR": str(data_dir)}
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server_log = (data_dir / "server.log").open("w")  # gunicorn's messages and Django's tracebacks
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "dangjian.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.server_workers),
         "--log-level", "warning"], env=env, stdout=server_log, stderr=subprocess.STDOUT,
    )
    report, log = data_dir / "schemathesis.json", data_dir / "schemathesis.log"
    cmd = [
        sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG), "--no-color",
        "run", f"{base_url}/api/schema/",
        "-H", f"Authorization: Token {token}",
        "--checks", "all",
        "--max-examples", str(args.max_examples),
        "--workers", str(args.workers),
        "--generation-database", "none",
        "--report", "json", "--report-json-path", str(report),
    ]
    if args.seed is not None:
        cmd += ["--seed", str(args.seed)]
    started = time.perf_counter()
    timed_out, exit_code, client_cpu, server_cpu = False, None, 0.0, 0.0
    try:
        wait_until_up(base_url, server)
        with log.open("w") as out:
            # In the data dir: Schemathesis keeps its crash cache (.schemathesis/) in the working directory.
            client = subprocess.Popen(cmd, env=env, cwd=data_dir, stdout=out, stderr=subprocess.STDOUT)
            exit_code, client_cpu = reap(client, timeout=args.timeout)
            timed_out = exit_code is None
    finally:
        server.terminate()
        _, server_cpu = reap(server, timeout=20)
        server_log.close()
    text = report.read_text() if report.exists() else ""
    data = json.loads(text) if text.strip() else {}  # written at the end: empty when the run was stopped
    return {"persona": persona, "seconds": time.perf_counter() - started, "server_cpu": server_cpu,
            "client_cpu": client_cpu, "timed_out": timed_out, "exit_code": exit_code, "report": data, "log": log}


def reap(process: subprocess.Popen, timeout: float) -> tuple[int | None, float]:
    """Wait for a child (killed after `timeout` s) and return its exit code (None if killed) and the CPU seconds it
    used with its own children (gunicorn's workers): the figure that does not depend on what else the machine does."""
    deadline, code = time.monotonic() + timeout, None
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            code = os.waitstatus_to_exitcode(status)
            break
        if time.monotonic() > deadline:
            process.kill()
            _, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.2)
    process.returncode = code if code is not None else -9
    return code, usage.ru_utime + usage.ru_stime


def summarize(run: dict) -> bool:
    """Print one persona's figures; True when it passed."""
    report = run["report"]
    ops = report.get("operations", {})
    cases = report.get("test_cases", {})
    failures = report.get("failures", [])
    errors = report.get("errors", [])
    print(f"\n## {run['persona']} ({PERSONAS[run['persona']]}) — {run['seconds']:.0f} s; CPU: "
          f"{run['server_cpu']:.0f} s server, {run['client_cpu']:.0f} s Schemathesis")
    print(f"operations tested: {ops.get('tested', '?')}/{ops.get('total', '?')}; "
          f"test cases: {cases.get('generated', '?')} generated, {cases.get('with_failures', '?')} failing; "
          f"seed {report.get('seed', '?')}")
    for failure in failures:
        print(f"  FAIL {failure['code']} {failure['title']}: {failure['count']} — {', '.join(failure['operations'])}")
    for error in errors:
        print(f"  ERROR {json.dumps(error, ensure_ascii=False)[:300]}")
    ok = not failures and not errors and run["exit_code"] == 0
    if run["timed_out"]:
        print(f"  TIMEOUT: stopped after {run['seconds']:.0f} s")
    elif not report:
        print("  no report written")
    if not ok:
        print(f"  details: {run['log']}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persona", choices=sorted(PERSONAS), action="append",
                        help="fuzz as this demo account (repeatable; default: all)")
    parser.add_argument("--max-examples", type=int, default=10, help="test cases per operation (fuzzing phase)")
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed for each persona's run")
    parser.add_argument("--workers", default="2", help="Schemathesis workers (1-64 or auto)")
    parser.add_argument("--server-workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--seed", type=int, default=2026, help="Hypothesis seed (-1: a new one each run)")
    parser.add_argument("--sequential", action="store_true", help="one persona after the other")
    parser.add_argument("--keep", action="store_true", help="keep the data dirs (reports, logs, databases)")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # progress shows as it happens, in CI logs too
    if args.seed == -1:
        args.seed = None

    root = Path(tempfile.mkdtemp(prefix="dangjian-fuzz-"))
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}  # always a fresh SQLite file
    # The daily reminders would start in the background on the first request: not what is being tested.
    env.update({"DANGJIAN_DATA_DIR": str(root / "seeded"), "DANGJIAN_DAILY_JOBS": "0",
                "DJANGO_SETTINGS_MODULE": "dangjian.settings", "PYTHONUNBUFFERED": "1"})
    started = time.perf_counter()
    ok = True
    try:
        tokens = seed(root / "seeded", env)
        seeded = time.perf_counter() - started
        print(f"seeded the demo street in {seeded:.0f} s ({root})")
        personas = args.persona or list(PERSONAS)
        for persona in personas:
            shutil.copytree(root / "seeded", root / persona)
        # The personas side by side (each its own server and database): one run waits on its server most of the
        # time, so two keep both cores busy.
        with ThreadPoolExecutor(max_workers=1 if args.sequential else len(personas)) as pool:
            runs = list(pool.map(lambda p: fuzz(p, tokens[p], root / p, env, args), personas))
        for run in runs:
            ok = summarize(run) and ok
        total = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        tested = sum(r["report"].get("operations", {}).get("tested", 0) for r in runs)
        generated = sum(r["report"].get("test_cases", {}).get("generated", 0) for r in runs)
        failing = sum(f["count"] for r in runs for f in r["report"].get("failures", []))
        print(f"\nTOTAL: {tested} operations tested, {generated} test cases, {failing} failures; "
              f"{total:.0f} s in all (seeding {seeded:.0f} s), {usage.ru_utime + usage.ru_stime:.0f} CPU s "
              f"— {'OK' if ok else 'FAILED'}")
    finally:
        if args.keep or not ok:
            print(f"data dirs, reports and logs kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
