"""Loading many rows at once, the way each database takes them fastest. Measured on a
national sweep's 16,000 outbox rows (benchmarks/sweep.py):
- PostgreSQL with psycopg 3: COPY, 0.1 s, where multi-row INSERTs took 1.5 s;
- SQLite: one driver-level executemany of prepared tuples, half the time SQLAlchemy took
  to bind the same rows from dicts.

Values are converted by each column type's own bind processor for the dialect (public
SQLAlchemy API), so they are stored exactly as an ORM or Core insert would store them (a
test compares the stored text); COPY sends them as
they are (psycopg adapts dates, aware datetimes and strings itself).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Column, Connection, MetaData, Table, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect


def copies(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg"


def load(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows` (all with the same keys) into `table` in the current transaction."""
    if not rows:
        return
    if copies(connection):
        _copy(connection, table, rows)
    elif connection.dialect.name == "sqlite":
        # the driver's executemany, each value converted once per distinct value: the
        # digests' 11,600 verdict rows took 0.1 s through SQLAlchemy's, 0.01 s so
        _sqlite_executemany(connection, table, rows, unique=None)
    else:
        connection.execute(insert(table), list(rows))


@functools.lru_cache(maxsize=64)
def _sqlite_statement(
    table: Table, names: tuple[str, ...], unique: str | None, dialect: Dialect
) -> tuple[str, list[str], list[Any]]:  # the bind processors, None where none
    """The INSERT (… ON CONFLICT DO NOTHING with `unique`) for these columns, its
    parameters' order and their bind processors, built once: compiling it took 1.5 ms,
    most of a sign-in request that queues one notice (benchmarks/web.py --scenario mail)."""
    statement = sqlite_insert(table)
    if unique is not None:
        statement = statement.on_conflict_do_nothing(index_elements=[unique])
    compiled = statement.compile(dialect=dialect, column_keys=list(names))
    order = list(compiled.positiontup or [])
    convert = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in order]
    return compiled.string, order, convert


def _sqlite_executemany(
    connection: Connection, table: Table, rows: Sequence[dict[str, Any]], *, unique: str | None
) -> int:
    """The rows converted by their columns' bind processors, column by column, and sent in
    one driver-level executemany; returns the rows inserted."""
    sql, order, convert = _sqlite_statement(table, tuple(rows[0]), unique, connection.dialect)
    values = [[row[name] for row in rows] for name in order]  # column by column: fast
    for column, step in zip(values, convert, strict=True):
        if step is not None:
            column[:] = _converted(column, step)
    cursor = connection.exec_driver_sql(sql, list(zip(*values, strict=True)))
    return int(cursor.rowcount)


def insert_new(
    connection: Connection, table: Table, rows: Sequence[dict[str, Any]], *, unique: str
) -> int:
    """Insert the rows whose `unique` column value is not in `table` yet, in the current
    transaction; returns how many went in (a conflicting row is skipped, not an error).

    - SQLite: the driver sums the rows each parameter set inserted, a skipped row none.
    - PostgreSQL with psycopg, many rows: COPY straight into the table under a savepoint;
      if a key is there after all, COPY into a temporary staging table instead, then one
      INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING, the rows given back counted.
    - PostgreSQL otherwise: multi-row INSERTs with RETURNING (psycopg's rowcount for an
      executemany is -1, so RETURNING is what says how many went in)."""
    if not rows:
        return 0
    names = list(rows[0])
    if connection.dialect.name == "sqlite":
        return _sqlite_executemany(connection, table, rows, unique=unique)
    if len(rows) >= 100 and copies(connection):
        # Usually none of the keys is there (the sweep left out those it found): COPY them
        # straight in, and only if one turns up (a concurrent sweep) take the slower road
        from psycopg.errors import UniqueViolation

        try:
            with connection.begin_nested():
                _copy(connection, table, rows)
            return len(rows)
        except UniqueViolation:
            pass
    if len(rows) < 100 or not copies(connection):
        skipping = pg_insert(table).on_conflict_do_nothing(index_elements=[unique])
        return len(connection.execute(skipping.returning(table.c.id), list(rows)).all())
    staging_name = f"arshjul_staging_{table.name}"
    connection.exec_driver_sql(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging_name} "
        f"(LIKE {table.name} INCLUDING DEFAULTS) ON COMMIT DROP"
    )
    connection.exec_driver_sql(f"DELETE FROM {staging_name}")
    staging = Table(staging_name, MetaData(), *(Column(n, table.c[n].type) for n in names))
    _copy(connection, staging, rows)
    from_staging = (
        pg_insert(table)
        .from_select([table.c[n] for n in names], select(*(staging.c[n] for n in names)))
        .on_conflict_do_nothing(index_elements=[unique])
        .returning(table.c.id)
    )
    return len(connection.execute(from_staging).all())


def _converted(column: list[Any], step: Callable[[Any], Any]) -> list[Any]:
    """`step` applied to each value, once per distinct value where they can be told apart
    (a sweep's rows share `now`, their kind and state); a JSON value goes one by one."""
    try:
        done = {v: None if v is None else step(v) for v in set(column)}
    except TypeError:
        return [None if v is None else step(v) for v in column]
    return [done[v] for v in column]


def _copy(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    names = list(rows[0])
    quote = connection.dialect.identifier_preparer
    columns = ", ".join(quote.quote(n) for n in names)
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f"COPY {quote.format_table(table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[n] for n in names])
