"""The org tree page's data: visible nodes with subtree counts, in a fixed number of queries."""

from collections import defaultdict

from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from dangjian.core import tree

from .choices import OrgKind
from .models import Grid, Organization


def build(user):
    from dangjian.people.models import Person

    nodes = list(
        Organization.objects.visible_to(user).values("id", "path", "depth", "name", "kind", "demo_site")
    )
    persons = defaultdict(int)
    persons_per_org = Person.objects.visible_to(user).order_by().values("organization__path").annotate(n=Count("id"))
    for row in persons_per_org:
        for path in tree.ancestor_paths(row["organization__path"], include_self=True):
            persons[path] += row["n"]
    grids = defaultdict(int)
    for row in Grid.objects.visible_to(user).values("organization__path"):
        for path in tree.ancestor_paths(row["organization__path"], include_self=True):
            grids[path] += 1
    by_path = {n["path"]: n for n in nodes}
    children = defaultdict(list)
    roots = []
    for n in nodes:
        n["persons"] = persons[n["path"]]
        n["grids"] = grids[n["path"]]
        n["kind_label"] = OrgKind(n["kind"]).label
        parent = tree.parent_path(n["path"])
        if parent in by_path:
            children[parent].append(n)
        else:
            roots.append(n)
    for n in nodes:
        n["children"] = children[n["path"]]
    return roots, len(nodes)


def render(roots, open_depth: int) -> str:
    """Nested <details>: works without JavaScript, and on a phone."""

    def node_html(n):
        badge = mark_safe('<span class="badge text-bg-danger ms-1">示范点</span>') if n["demo_site"] else ""
        counts = format_html(
            '<span class="text-secondary small ms-2">{} 人{}</span>',
            n["persons"],
            format_html(" · {} 个网格", n["grids"]) if n["grids"] else "",
        )
        link = format_html(
            '<a href="{}">{}</a> <span class="badge text-bg-light border">{}</span>{}{}',
            reverse("orgs:organization", kwargs={"pk": n["id"]}),
            n["name"],
            n["kind_label"],
            badge,
            counts,
        )
        if not n["children"]:
            return format_html('<li class="tree-leaf">{}</li>', link)
        inner = format_html_join("", "{}", ((node_html(c),) for c in n["children"]))
        opened = mark_safe(" open") if n["depth"] <= open_depth else ""
        return format_html(
            '<li><details{}><summary>{} <span class="text-secondary small">（下级 {}）</span></summary>'
            '<ul class="org-tree">{}</ul></details></li>',
            opened,
            link,
            len(n["children"]),
            inner,
        )

    body = format_html_join("", "{}", ((node_html(r),) for r in roots))
    return format_html('<ul class="org-tree org-tree-root">{}</ul>', body)
