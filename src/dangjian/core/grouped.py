"""Figures for many organizations at once: one GROUP BY per metric, not one query per organization.

A page comparing the 13 communities of a street on 30 metrics would otherwise run 390 counts. Here
each metric's rows are taken once for the organizations' nearest common ancestor — the registry's
own queryset, so the scope and every condition are the ones `metrics.value` applies — and counted
per child by the first characters of the path the row hangs from (`Metric.place_path`). The parts of
all metrics travel in a few UNION ALL statements. A row is counted by primary key, so a join in a
metric's query can never count it twice.

That equals `metrics.value` for each child as long as a metric's rows for a child are its rows for
the ancestor inside the child's subtree — true when the rows are placed by one path and no other
condition reads the organization. Metrics that are not (`place=None`) and computed ones are
counted one organization at a time; `tests/test_snapshots.py` checks every metric both ways.
"""

import os
from decimal import Decimal

from django.db.models import CharField, Count, DecimalField, F, Func, IntegerField, Subquery, Sum, Value
from django.db.models.functions import Cast, ExtractMonth, Substr

from . import metrics, tree

NUMBER = DecimalField(max_digits=18, decimal_places=2)
UNION_PARTS = 100  # SQLite allows 500 terms in a compound SELECT; smaller statements plan faster too


def grouped_part(label, model, rows, path, cut, month="", sum_field=None):
    """One UNION part: the rows counted (or summed) per path prefix of length `cut`, and per month."""
    qs = model._base_manager.filter(pk__in=rows.order_by().values("pk")).order_by()
    # Prefixed names: a model may have a field called `month` or `label` (the dues months do), which an
    # annotation may not shadow.
    qs = qs.annotate(g_label=Value(label, output_field=CharField()), g_prefix=Substr(path, 1, cut),
                     g_month=ExtractMonth(month) if month else Value(0, output_field=IntegerField()))
    amount = Sum(sum_field) if sum_field else Count("pk")
    return qs.values("g_label", "g_prefix", "g_month").annotate(g_n=Cast(amount, NUMBER))


def run_union(parts) -> list[dict]:
    """Rows of {label, prefix, month, n} from the parts, a few UNION ALL statements at a time."""
    rows = []
    for offset in range(0, len(parts), UNION_PARTS):
        chunk = parts[offset:offset + UNION_PARTS]
        rows += list(chunk[0].union(*chunk[1:], all=True)) if len(chunk) > 1 else list(chunk[0])
    return [{"label": r["g_label"], "prefix": r["g_prefix"], "month": r["g_month"], "n": r["g_n"]} for r in rows]


def _plain(pairs):
    """The pairs expanded to what is counted: a ratio's parts, never the ratio; computed ones apart."""
    plain, computed = [], []

    def expand(key, org):
        m = metrics.get(key)
        if m.compute:
            computed.append((key, org))
        elif m.ratio or m.per:
            for part in (m.ratio or m.per):
                expand(part, org)
        else:
            plain.append((key, org))

    for key, org in pairs:
        expand(key, org)
    return list(dict.fromkeys(plain)), list(dict.fromkeys(computed))


def _buckets(orgs) -> list[tuple[str, list]]:
    """Organizations grouped by depth and root, each group with its members' nearest common ancestor path."""
    groups: dict = {}
    for org in orgs:
        groups.setdefault((len(org.path), org.path[:tree.STEPLEN]), {})[org.pk] = org
    result = []
    for members in groups.values():
        members = list(members.values())
        common = os.path.commonprefix([o.path for o in members])
        common = common[:len(common) - len(common) % tree.STEPLEN]
        result.append((common, members))
    return result


def _anchors(paths) -> dict:
    from dangjian.orgs.models import Organization

    return {o.path: o for o in Organization.objects.filter(path__in=set(paths))}


def _one_by_one(plain, scope, start, end) -> dict:
    """Scalar subqueries in one SELECT per chunk: for metrics that cannot be split by a path prefix."""
    raw: dict = {}
    chunk = 250
    for offset in range(0, len(plain), chunk):
        subqueries = {}
        part = plain[offset:offset + chunk]
        for i, (key, org) in enumerate(part):
            m = metrics.get(key)
            counted = m.model.objects.filter(pk__in=metrics.rows(key, scope, org, start, end).values("pk")).order_by()
            total = (Func(F(m.sum_field), function="SUM", output_field=NUMBER)
                     if m.sum_field else Func(F("pk"), function="COUNT", output_field=IntegerField()))
            subqueries[f"v{i}"] = Subquery(counted.annotate(_total=total).values("_total")[:1])
        anchor = part[0][1]
        row = type(anchor).objects.filter(pk=anchor.pk).order_by().values(**subqueries).first() or {}
        for i, (key, org) in enumerate(part):
            raw[(key, org.pk)] = _value(metrics.get(key), row.get(f"v{i}") or 0)
    return raw


def _value(m, total) -> Decimal:
    return metrics._q(total) if m.sum_field else Decimal(int(total))


def compute(pairs, scope, start, end) -> dict:
    """{(key, org pk): value} for every pair asked and every part of a derived one, live from the rows."""
    pairs = list(dict.fromkeys((key, org) for key, org in pairs))
    plain, computed = _plain(pairs)
    by_key: dict = {}
    single = []
    for key, org in plain:
        if metrics.get(key).place_path:
            by_key.setdefault(key, []).append(org)
        else:
            single.append((key, org))
    raw = _one_by_one(single, scope, start, end)
    buckets = {key: _buckets(orgs) for key, orgs in by_key.items()}
    anchors = _anchors(common for groups in buckets.values() for common, _ in groups if common)
    parts, wanted = [], {}
    for key, groups in buckets.items():
        m = metrics.get(key)
        for common, members in groups:
            anchor = anchors.get(common)
            if anchor is None:  # no common ancestor (a forest) or one not visible: count each on its own
                raw.update(_one_by_one([(key, o) for o in members], scope, start, end))
                continue
            label = f"{key}#{len(parts)}"
            cut = len(members[0].path)
            parts.append(grouped_part(label, m.model, metrics.rows(key, scope, anchor, start, end), m.place_path,
                                      cut, sum_field=m.sum_field))
            wanted[label] = (m, {o.path: o.pk for o in members})
            for o in members:
                raw[(key, o.pk)] = _value(m, 0)
    for row in run_union(parts) if parts else []:
        m, pks = wanted[row["label"]]
        pk = pks.get(row["prefix"])
        if pk is not None:
            raw[(m.key, pk)] = _value(m, row["n"] or 0)
    for key, org in computed:
        raw[(key, org.pk)] = metrics.value(key, scope, org, start, end)

    def resolve(key, org):
        m = metrics.get(key)
        if (m.ratio or m.per) and not m.compute:
            num, den = (resolve(part, org) for part in (m.ratio or m.per))
            raw[(key, org.pk)] = metrics.derive(m, num, den)
        return raw[(key, org.pk)]

    return {(key, org.pk): resolve(key, org) for key, org in pairs} | raw
