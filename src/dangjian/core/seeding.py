"""`dangjian seed`: demo and scale data, extended by every app.

Each app registers a function in its `seed.py`; they run in order on one shared context, so
a later app (members, ledgers…) finds the tree and people an earlier one made and adds to them.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field

DEMO_PASSWORD = "Dangjian@2026"
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


SCALES = {
    # Small enough for every test run; same shape as the others.
    "tiny": Scale("tiny", 1, 2, 2, 1, 30),
    "demo": Scale("demo", 1, 8, 3, 2, 375),
    "street": Scale("street", 1, 13, 3, 2, 375),
    "district": Scale("district", 10, 13, 3, 2, 375),
}


@dataclass
class SeedContext:
    scale: Scale
    rng: random.Random
    fake: object
    out: Callable[[str], None]
    data: dict = field(default_factory=dict)
    accounts: list = field(default_factory=list)  # (username, role label, where)


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


def run(scale_name: str, out: Callable[[str], None] = print, seed: int = 2020) -> SeedContext:
    from auditlog.context import disable_auditlog
    from django.db import transaction
    from faker import Faker

    from .discovery import import_app_modules

    import_app_modules("seed")
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    ctx = SeedContext(SCALES[scale_name], random.Random(seed), fake, out)
    with disable_auditlog(), transaction.atomic():
        for _order, _name, func in sorted(_SEEDERS):
            func(ctx)
    return ctx
