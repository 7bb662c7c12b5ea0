"""Memory of each gunicorn worker, from /proc (Linux): RSS, PSS and USS.

    python bench/rss.py [--scale street] [--data-dir DIR] [--workers 2] [--rounds 1]

RSS counts every page the worker has in memory, the pages it shares with the master and the other workers
(the code and data loaded before the fork) too; PSS splits each shared page among those sharing it; USS
is the worker's own (private) pages, what a new worker adds. `bench/pages.py` prints the same table after
its sweep; run alone, this seeds (or reuses --data-dir), starts gunicorn, prints the table once the workers
are up, opens every registered page `--rounds` times as each persona, and prints it again.
"""

import argparse
import tempfile
from pathlib import Path

MB = 1024


def worker_pids(master: int) -> list[int]:
    """The master's children (its workers), oldest first."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == master:
            pids.append(int(entry.name))
    return sorted(pids)


def memory(pid: int) -> dict:
    """RSS, PSS, USS (private clean + dirty) and swap of one process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])  # kB
    return {"rss": fields["Rss"] / MB, "pss": fields["Pss"] / MB,
            "uss": (fields["Private_Clean"] + fields["Private_Dirty"]) / MB, "swap": fields.get("Swap", 0) / MB}


def table(master: int, title: str) -> str:
    lines = [f"\n#### {title}\n", "| process | RSS MB | PSS MB | USS MB |", "|---|---:|---:|---:|"]
    for label, pid in [("master", master), *((f"worker {i + 1}", p) for i, p in enumerate(worker_pids(master)))]:
        m = memory(pid)
        lines.append(f"| {label} (pid {pid}) | {m['rss']:.1f} | {m['pss']:.1f} | {m['uss']:.1f} |")
    return "\n".join(lines)


def main():
    import serving
    from pages import PERSONAS, page_urls, quoted

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="street", choices=["demo", "street", "district"])
    parser.add_argument("--data-dir", type=Path, help="reuse a seeded data dir (default: a new one)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1, help="times each page is opened per persona")
    args = parser.parse_args()
    env = serving.environment(args.data_dir or Path(tempfile.mkdtemp(prefix="dangjian-rss-")))
    serving.prepare(args.scale, env)
    with serving.gunicorn(env, args.workers) as server:
        print(table(server.pid, "after start"))
        urls = page_urls()
        for username, _label in PERSONAS:
            opener = serving.login(server.base, username)
            for _page, url, committee_sees in urls:
                if username == "street" and not committee_sees:
                    continue
                for _ in range(args.rounds * args.workers):  # each worker (likely) sees each page
                    try:
                        opener.open(server.base + quoted(url)).read()
                    except OSError as exc:
                        print(f"{username} {url}: {exc}")
        print(table(server.pid, f"after a sweep of {len(urls)} pages × {len(PERSONAS)} personas"))


if __name__ == "__main__":
    main()
