"""`pytest --shard=K/N`: run the K-th of N parts of the suite, so CI can run two parts side by side on two cores.

A part is a set of whole test files (module-scoped worlds are built once, in one part), filled greedily by test
count from the largest file down, so the parts come out even however the suite grows. The same collection gives
the same parts in every process: together the N parts run every test exactly once.
"""

import pytest


def pytest_addoption(parser):
    parser.addoption("--shard", default="", metavar="K/N",
                     help="run only the K-th of N parts of the collected tests (whole files, balanced by count)")


def _parse(raw: str) -> tuple[int, int]:
    try:
        k, n = (int(x) for x in raw.split("/"))
    except ValueError:
        raise pytest.UsageError(f"--shard expects K/N, e.g. 1/2; got {raw!r}") from None
    if not 1 <= k <= n:
        raise pytest.UsageError(f"--shard {raw}: K must be between 1 and N")
    return k, n


def parts(counts: dict[str, int], n: int) -> list[set[str]]:
    """Files split into n parts of near-equal test counts (largest first, each to the lightest part)."""
    loads = [0] * n
    chosen: list[set[str]] = [set() for _ in range(n)]
    for name, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        lightest = loads.index(min(loads))
        chosen[lightest].add(name)
        loads[lightest] += count
    return chosen


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    raw = config.getoption("--shard")
    if not raw:
        return
    k, n = _parse(raw)
    counts: dict[str, int] = {}
    for item in items:
        counts[item.nodeid.split("::")[0]] = counts.get(item.nodeid.split("::")[0], 0) + 1
    keep = parts(counts, n)[k - 1]
    selected = [item for item in items if item.nodeid.split("::")[0] in keep]
    deselected = [item for item in items if item.nodeid.split("::")[0] not in keep]
    items[:] = selected
    config.hook.pytest_deselected(items=deselected)
