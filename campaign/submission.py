"""The submit transition every unit's submission shares: Mẫu 1 (initiatives), Mẫu 2 (result
reports) and the periodic KPI report (reports). Campaign owns the deadlines, so the rule of
"late" lives here, below the apps that submit.

A submit service does, in this order:
1. check who acts and that the object may be submitted now (its app's rules), on the locked row;
2. `require_complete(missing)`: refuse, naming every required field left empty;
3. `submit(obj, now=..., due=..., status=...)`: decide lateness and write the new state:
   - late when `now` is at or after local midnight ending `due` (`Deadline.closes_at`'s rule),
     `due` being the unit's own due date: `Deadline.due_date_for(unit)` for a deadline (an
     extension granted to the unit moves it), the occurrence's due date for a periodic
     report; no due date, never late;
   - `refuse_late` (a plan that `closes_at_deadline`): a late first submission is refused;
   - `resubmission` (the reviewer returned it): accepted whatever the date, and the first
     submission's `submitted_at` and `is_late` stay;
   - the status becomes `status`, `version` goes up by one (`versioned`), `submitted_at` and
     `is_late` are set, and the row is saved with those fields, `updated_at` and the `also`
     fields the caller set itself (e.g. `submitted_by`);
4. write its own trace (events, frozen versions) from the returned `Submitted`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.dates import end_of_day
from documents.formatting import vn_date


@dataclass(frozen=True)
class Submitted:
    """What a submission did, for the caller's trace."""

    previous: str  # the status before
    resubmission: bool
    late: bool  # at this submission (a resubmission keeps the first one's `is_late`)
    now: datetime.datetime


def require_complete(
    missing: Sequence[str], message: str | None = None, *, key: str = "fields", joiner=", "
) -> None:
    """Refuse the submission when `missing` (labels of the required fields left empty) is not
    empty. `message` (a translated text with a `%(key)s` placeholder) names them all."""
    if missing:
        text = message if message is not None else _("Fill in before submitting: %(fields)s.")
        raise ValidationError(text % {key: joiner.join(missing)})


def is_late(now: datetime.datetime, due: datetime.date | None) -> bool:
    """At or after local midnight ending `due`; never without a due date."""
    return due is not None and now >= end_of_day(due)


def _asked(answer: bool | Callable[[], bool]) -> bool:
    return answer() if callable(answer) else answer


def submit(
    obj,
    *,
    now: datetime.datetime,
    due: datetime.date | None,
    status: str,
    resubmission: bool = False,
    refuse_late: bool | Callable[[], bool] = False,
    versioned: bool = True,
    also: Iterable[str] = (),
) -> Submitted:
    """Move `obj` (a model with `status`, `submitted_at`, `is_late`, `updated_at`, and
    `version` when `versioned`) to `status` as submitted at `now`, and save it. See the
    module's docstring for the rules; raises ValidationError when a late first submission
    is refused. `refuse_late` may be a callable, asked only for a late first submission
    (reading the plan may cost a query)."""
    late = is_late(now, due)
    if due is not None and late and not resubmission and _asked(refuse_late):
        raise ValidationError(
            _("Submissions closed at the end of %(date)s; the plan accepts no late items.")
            % {"date": vn_date(due)}
        )
    previous = obj.status
    obj.status = status
    if not resubmission:
        obj.submitted_at = now
        obj.is_late = late
    fields = ["status", "submitted_at", "is_late", *also, "updated_at"]
    if versioned:
        obj.version += 1
        fields.append("version")
    obj.save(update_fields=fields)
    return Submitted(previous=previous, resubmission=resubmission, late=late, now=now)
