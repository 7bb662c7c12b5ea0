"""CI runs the leap-day suite as two halves side by side: together they must run every test file exactly once."""

from dangjian.testing.shards import parts


def test_it_puts_every_file_in_exactly_one_part():
    counts = {f"t/test_{i}.py": (i * 7) % 23 + 1 for i in range(40)}
    chosen = parts(counts, 2)
    assert chosen[0] | chosen[1] == set(counts)
    assert not chosen[0] & chosen[1]


def test_it_balances_the_parts_by_test_count():
    counts = {"a.py": 50, "b.py": 30, "c.py": 20, "d.py": 10, "e.py": 10}
    loads = sorted(sum(counts[f] for f in part) for part in parts(counts, 2))
    assert loads == [60, 60]


def test_it_gives_the_same_parts_in_every_process():
    counts = {f"x{i}.py": 3 for i in range(10)}
    assert parts(counts, 3) == parts(dict(reversed(list(counts.items()))), 3)
