"""Start N gunicorn nodes on one database (and one Redis), run a command against them, stop them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangjian REDIS_URL=redis://127.0.0.1:6379/0 \
        python bench/cluster.py --nodes 2 --workers 2 -- locust -f bench/locustfile.py --headless -u 8 -t 120s
    python bench/cluster.py --nodes 2            # no command: serve until Ctrl-C

The nodes are what a multi-server deployment runs (docs/deployment.md), on one machine: separate processes on
ports 8101, 8102, … with the same DANGJIAN_DATA_DIR (the shared media path) and the environment given, so
they share the database, the sessions and the cache exactly as separate servers would. The command gets their
base URLs in DANGJIAN_LOCUST_NODES. The database must be migrated and seeded already (`dangjian migrate`,
`dangjian seed --scale district`). The second factor is off for the benchmark's sign-ins (DANGJIAN_2FA=off) and
the daily jobs do not start on a request (DANGJIAN_DAILY_JOBS=0). Prints nothing of its own but the nodes'
addresses; asserts nothing.
"""

import argparse
import os
import subprocess
import sys
import time
import urllib.request


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per node")
    parser.add_argument("--port", type=int, default=8101, help="the first node's port")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the command to run against the nodes")
    args = parser.parse_args()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dangjian.settings", "DANGJIAN_2FA": "off",
           "DANGJIAN_DAILY_JOBS": "0"}
    env.setdefault("DANGJIAN_DATA_DIR", "var")
    bases = [f"http://127.0.0.1:{args.port + i}" for i in range(args.nodes)]
    nodes = [subprocess.Popen([sys.executable, "-m", "gunicorn", "dangjian.wsgi", "-b", base.removeprefix("http://"),
                               "-w", str(args.workers), "--log-level", "warning"], env=env) for base in bases]
    try:
        for base in bases:
            for _ in range(150):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            else:
                sys.exit(f"node {base} did not answer /healthz")
        print(f"nodes: {','.join(bases)} (database {env.get('DATABASE_URL', 'SQLite')}, "
              f"redis {env.get('REDIS_URL', 'none')})", flush=True)
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        if command:
            return subprocess.run(command, env={**env, "DANGJIAN_LOCUST_NODES": ",".join(bases)}).returncode
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    finally:
        for node in nodes:
            node.terminate()
        for node in nodes:
            node.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())
