"""Counters kept beside the rows they count (the boards' `initiatives.ItemCount`, the
dashboards' `reports.FigureTotal` and `ReportTotal`): amounts added to rows found by their
key, the rows created when missing, in one statement per batch on PostgreSQL and SQLite
alike."""

from __future__ import annotations

from django.db import connection as default_connection


def add_to_counters(
    model, columns: tuple[str, ...], keys: int, rows, *, batch: int, connection=None
) -> None:
    """`INSERT … ON CONFLICT DO UPDATE` of `rows` (tuples in `columns`' order: the first
    `keys` columns find the row, the others are added to it). The tenant column, when it is
    a key, is left out of the conflict target (the unique constraints do not name it).
    `connection`: a migration's; `batch`: rows per statement, within SQLite's variables."""
    rows = list(rows)
    if not rows:
        return
    connection = connection or default_connection
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    conflict = ", ".join(quote(c) for c in columns[:keys] if c != "tenant_id")
    updates = ", ".join(
        f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in columns[keys:]
    )
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "
                f"VALUES {', '.join([row] * len(chunk))} "
                f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}",
                [value for found in chunk for value in found],
            )
