"""Local dates and times: the site's time zone (Asia/Ho_Chi_Minh) decides when a day begins
and ends, whatever the server's clock says."""

from __future__ import annotations

import datetime

from django.utils import timezone


def local_datetime(day: datetime.date, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """`day` at `hour`:`minute`, local time."""
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_default_timezone()
    )


def end_of_day(day: datetime.date) -> datetime.datetime:
    """Local midnight at the end of `day`: a deadline "trước ngày 16/9" is a date, and what
    comes at or after this instant is late."""
    return local_datetime(day + datetime.timedelta(days=1))
