"""`assert_query_count(n)`: the exact number of SQL statements a block runs, and on failure
every statement, numbered, so the one added shows at a glance (after Zulip's
`assert_database_query_count`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connection
from django.test.utils import CaptureQueriesContext


def numbered_statements(captured: CaptureQueriesContext) -> str:
    return "\n".join(
        f"{number:3d}. {query['sql']}"
        for number, query in enumerate(captured.captured_queries, start=1)
    )


@contextlib.contextmanager
def assert_query_count(expected: int, label: str = "") -> Iterator[CaptureQueriesContext]:
    """Fail unless the block runs exactly `expected` queries; the message lists them all."""
    with CaptureQueriesContext(connection) as captured:
        yield captured
    actual = len(captured)
    if actual != expected:
        where = f"{label}: " if label else ""
        raise AssertionError(
            f"{where}{actual} queries, expected {expected}:\n{numbered_statements(captured)}"
        )
