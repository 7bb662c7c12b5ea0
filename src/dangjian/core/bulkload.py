"""Writing many rows fast: the seed's largest tables (attendance, point entries, bookings) at district and city scale.

`bulk_create` builds a model instance per row and compiles one INSERT per batch through the ORM: at a district's
~600,000 such rows that is most of the seed's time, and at a city's millions it would be most of an hour. `insert`
takes plain tuples instead and writes them with the database's own bulk path — `executemany` of one prepared
INSERT on SQLite, `COPY … FROM STDIN` on PostgreSQL. Each value still goes through its field's
`get_db_prep_save`, and the columns a row leaves out get the field's default (`auto_now`/`auto_now_add`: the
time of the call), so the stored rows are the ones `bulk_create` would store. No signals are sent and no
primary keys come back: it is for rows nothing refers to while seeding. `insert_objects` is the same for unsaved
model instances that later rows point at (people, meetings): it numbers them first — the next ids of the
table's own sequence, as the database would have — and sets each instance's primary key.
"""

from collections.abc import Iterable, Sequence
from datetime import date

from django.db import connections, models, router
from django.utils import timezone

# Fields (exactly these classes, not subclasses such as the encrypted ones) whose Python value the database
# driver takes as it is; a choice (a str enum) is written as its plain string.
_PLAIN = {models.IntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField, models.SmallIntegerField,
          models.BigIntegerField, models.BooleanField, models.ForeignKey, models.CharField, models.TextField}


def _converter(field, connection):
    prep = field.get_db_prep_save
    if type(field) in _PLAIN:
        def plain(value):
            kind = value.__class__
            if kind is str or kind is int or kind is bool or value is None:
                return value
            return str.__str__(value) if isinstance(value, str) else prep(value, connection)
        return plain
    return lambda value: prep(value, connection)


def _default(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now() if isinstance(field, models.DateTimeField) else date.today()
    return field.get_default()


def insert(model, columns: Sequence[str], rows: Iterable[Sequence], batch_size: int = 5000) -> int:
    """Write `rows` (tuples of values for `columns`, attribute names such as "member_id") into `model`'s table.
    Returns the number of rows written."""
    using = router.db_for_write(model)
    connection = connections[using]
    by_name = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_name[name] for name in columns]
    rest = [f for f in model._meta.concrete_fields
            if f.attname not in columns and not (f.primary_key and isinstance(f, models.AutoField))]
    convert = [_converter(f, connection) for f in fields]
    tail = tuple(f.get_db_prep_save(_default(f), connection) for f in rest)
    names = [f.column for f in fields + rest]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({', '.join(quote(n) for n in names)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(tuple(c(v) for c, v in zip(convert, row, strict=True)) + tail)
                    written += 1
            return written
        sql = f"INSERT INTO {table} ({', '.join(quote(n) for n in names)}) VALUES ({', '.join(['%s'] * len(names))})"
        batch = []
        for row in rows:
            batch.append(tuple(c(v) for c, v in zip(convert, row, strict=True)) + tail)
            if len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def _next_ids(model, connection, n: int) -> list[int]:
    """`n` primary keys taken from the table's sequence, in order (what inserting the rows would have used)."""
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [connection.ops.quote_name(table), pk, n])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT MAX({connection.ops.quote_name(pk)}) FROM {connection.ops.quote_name(table)}")
        last = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])  # AUTOINCREMENT: never reused
        row = cursor.fetchone()
        start = max(last, row[0] if row else 0) + 1
    return list(range(start, start + n))


def insert_objects(model, objs: Sequence, batch_size: int = 5000) -> list:
    """Write unsaved instances of `model` (no multi-table inheritance) and give each its primary key, like
    `bulk_create`, without its per-row cost. Returns `objs`."""
    if not objs:
        return objs
    using = router.db_for_write(model)
    connection = connections[using]
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    today = date.today()  # what DateField(auto_now_add) takes
    for obj, pk in zip(objs, _next_ids(model, connection, len(objs)), strict=True):
        obj._prepare_related_fields_for_save(operation_name="bulk_create")  # related rows saved since assigned
        obj.pk = pk
        for f in stamped:
            setattr(obj, f.attname, now if isinstance(f, models.DateTimeField) else today)
        obj._state.adding, obj._state.db = False, using
    names = [model._meta.pk.attname] + [f.attname for f in fields]
    insert(model, names, ([getattr(obj, name) for name in names] for obj in objs), batch_size=batch_size)
    return objs
