"""Arithmetic of the organization tree's materialized paths, kept apart from the tree model.

Every node's `path` is its ancestors' steps followed by its own (`STEPLEN` characters each), so
"inside", "above" and "the level above" are questions about strings. Scoping, the level-above rule
of the workflows and the pages that walk the tree all ask them here, and only here.
"""

STEPLEN = 4  # django-treebeard's default step length; orgs.Organization uses this constant
STREET_DEPTH = 2  # district › street
COMMUNITY_DEPTH = 3  # district › street › community


def depth(path: str) -> int:
    return len(path) // STEPLEN


def parent_path(path: str) -> str:
    """The parent's path ("" for a root)."""
    return path[:-STEPLEN]


def ancestor_paths(path: str, include_self: bool = False, from_depth: int = 1) -> list[str]:
    """Paths of the ancestors from `from_depth` down (nearest last); with `include_self`, the node too."""
    last = depth(path) + (1 if include_self else 0)
    return [path[: i * STEPLEN] for i in range(from_depth, last)]


def at_depth(path: str, level: int) -> str:
    """The path of the node's ancestor (or itself) at `level`, e.g. its street or community."""
    return path[: level * STEPLEN] if depth(path) >= level else ""


def is_within(path: str, top: str) -> bool:
    """The node at `path` is `top` or below it."""
    return path.startswith(top)


def is_above(upper: str, lower: str) -> bool:
    """`upper` is a strict ancestor of `lower`: the level above it, or higher."""
    return len(upper) < len(lower) and lower.startswith(upper)


def related(a: str, b: str) -> bool:
    """One node is the other's ancestor, descendant or itself (the line a notice travels along)."""
    return a.startswith(b) or b.startswith(a)
