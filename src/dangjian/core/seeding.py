"""`dangjian seed`: demo and scale data, extended by every app.

Each app registers a function in its `seed.py`; they run in order on one shared context, so
a later app (members, ledgers…) finds the tree and people an earlier one made and adds to them.
"""

import gc
import random
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

DEMO_PASSWORD = "Dangjian@2026"
# A person's encrypted columns: seeders that read people only to point at them leave these out (`defer`),
# so tens of thousands of rows are not decrypted for nothing.
SECRETS = ("id_number", "phone")
# A 1×1 PNG: the demo's stand-in for a photo, so the photo and evidence pages (and the matrices that check
# they serve files only through a record the user sees) have a file to serve.
_DEMO_PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9"
             "awAAAABJRU5ErkJggg==")


def demo_photo(name: str):
    """An upload of the demo photo under `name` (e.g. "会议照片.png"), as a page would receive it."""
    import base64

    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, base64.b64decode(_DEMO_PNG), content_type="image/png")


@dataclass(frozen=True)
class Scale:
    name: str
    streets: int
    communities_per_street: int
    grids_per_community: int
    branches_per_community: int
    persons_per_community: int
    districts: int = 1  # each its own root, seeded one after another (`SeedContext.part`)
    postgresql_only: bool = False


SCALES = {
    # Small enough for every test run; same shape as the others.
    "tiny": Scale("tiny", 1, 2, 2, 1, 30),
    "demo": Scale("demo", 1, 8, 3, 2, 375),
    "street": Scale("street", 1, 13, 3, 2, 375),
    "district": Scale("district", 10, 13, 3, 2, 375),
    # Ten districts like the one above, ~490,000 people: a size only PostgreSQL is meant to serve.
    "city": Scale("city", 10, 13, 3, 2, 375, districts=10, postgresql_only=True),
}


@dataclass
class SeedContext:
    scale: Scale
    rng: random.Random
    fake: object
    out: Callable[[str], None]
    data: dict = field(default_factory=dict)
    accounts: list = field(default_factory=list)  # (username, role label, where)
    part: int = 0  # which district is being seeded (0: the demo's own, with its accounts and street-0 ledgers)
    shared: dict = field(default_factory=dict)  # what must stay unique across districts (ID numbers, …)

    @property
    def first(self) -> bool:
        """The demo's own district: the one that gets the demo accounts and the first street's ledgers."""
        return self.part == 0


_SEEDERS: list[tuple[int, str, Callable[[SeedContext], None]]] = []


def seeder(order: int):
    def wrap(func):
        name = f"{func.__module__}.{func.__name__}"
        if name not in {n for _, n, _ in _SEEDERS}:
            _SEEDERS.append((order, name, func))
        return func

    return wrap


def already_seeded() -> bool:
    """Accounts other than the operators' mean the database is in use: demo data is never mixed in."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_superuser=False).exists()


def refusal(scale_name: str) -> str:
    """Why this database cannot take the scale ("" when it can)."""
    from django.db import connection

    scale = SCALES[scale_name]
    if scale.postgresql_only and connection.vendor != "postgresql":
        return (f"“{scale_name}”规模（{scale.districts} 个区，约 50 万人）只能生成在 PostgreSQL 数据库中，"
                f"SQLite 承载不了这么多数据。请设置 DATABASE_URL 指向 PostgreSQL 后再运行。")
    return ""


def run(scale_name: str, out: Callable[[str], None] = print, seed: int = 2020) -> SeedContext:
    """Seed the scale in one transaction: each district in turn runs every app's seeder (the first district
    exactly as ever: the demo, the street scale and the tests' tiny world do not change)."""
    from auditlog.context import disable_auditlog
    from django.db import transaction
    from faker import Faker

    from .discovery import import_app_modules

    problem = refusal(scale_name)
    if problem:
        raise ValueError(problem)
    import_app_modules("seed")
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    ctx = SeedContext(SCALES[scale_name], random.Random(seed), fake, out)
    with _few_collections(), disable_auditlog(), transaction.atomic():
        for part in range(ctx.scale.districts):
            ctx.part, ctx.data = part, {}
            if ctx.scale.districts > 1:
                out(f"—— 第 {part + 1}/{ctx.scale.districts} 个区 ——")
            for _order, _name, func in sorted(_SEEDERS):
                func(ctx)
            gc.collect()
    return ctx


@contextmanager
def _few_collections():
    """The seed keeps hundreds of thousands of rows in memory while it draws them, and Python's cycle collector
    would walk all of them again and again as they pile up. Rows form no cycles worth chasing, so collections
    wait until each district is done."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def make_account(ctx: SeedContext, username: str, **fields):
    """A demo account with the demo password. The hash is made once per run: each one costs a third of a
    second by design (PBKDF2), and the seed makes dozens of accounts — a city over a hundred."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    if "password" not in ctx.shared:
        ctx.shared["password"] = make_password(DEMO_PASSWORD)
    user = get_user_model()(username=username, password=ctx.shared["password"], **fields)
    user.save()  # the password policy notes it as the account's own (core/password_policy.py)
    return user


def orgs_under(ctx: SeedContext, path: str) -> list[int]:
    """The ids of the organizations at and below `path` (in this district), for filters that can use the
    organization index: `organization__path__startswith` is a LIKE that SQLite answers by reading every row, and
    the seeders ask it once per community or grid (an eighth of a district's seeding time before)."""
    from dangjian.orgs.models import Organization

    from . import tree

    index = ctx.data.get("_orgs_under")
    if index is None:
        index = ctx.data["_orgs_under"] = {}
        for pk, at in Organization.objects.filter(path__startswith=ctx.data["district"].path).values_list("pk", "path"):
            for prefix in tree.ancestor_paths(at, include_self=True):
                index.setdefault(prefix, []).append(pk)
    return index.get(path, [])
