"""The five seed plans (../shared/seeds/00*.txt) and their loader.

The plans are data, one file per plan in `seeds/` (`<key>.json`), read here into the
dataclasses below. Each plan is written as faithfully as the source allows: the legal basis,
the closing sentence and the recipients line by line as printed; every other text one
paragraph per line, with the source's own headings and numbering ("1.1.", "a)", "- ", "+ ")
kept inside the field it falls in. Only extraction artefacts are removed (a sentence broken
over several lines, doubled spaces, "[bookmark: ...]" marks, a footnote marker, a stray
"mailto:" line); the originals' own slips of the pen are kept as issued ("cải cách hành tại
cơ quan", "đề nghị và đề nghị", "các cơ sở các cơ sở"...). Seed 002 went through OCR and lost
its diacritics: it is written as it should read.

The files' format:
- A text (the title, a key of `texts`, a description) is a string, or a list of paragraphs
  that become one line each. Dates are ISO ("2023-09-16"); kinds, styles, periods and
  comparators are the values of their choices in `campaign.models`.
- A key left out takes the default of its field below.
- Every place where the data departs from the source, or a value had to be chosen because
  the source lacks it, carries a note: `notes` on the plan (by field or text key), `note` on
  a phase, deadline, schedule or target. `about` says which plan it is. The loader skips them.
- `phases_from: "<key>"` gives a plan the timetable written in another plan's file: Kế hoạch
  1362/KH-GDĐT (Phòng GD&ĐT huyện Nhà Bè) and Kế hoạch 175/KH-UBND (Ủy ban nhân dân Quận 1)
  are known only through the seeds based on them (000 and 002), which relay their timetables.

`load_seed_campaigns()` is idempotent: a plan whose issuing unit already has a campaign with
the same title is left as it is.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from documents.models import DocumentType
from documents.services import number_register_continue
from units.models import Tenant, Unit, UnitKind
from units.permissions import SYSTEM

from .models import (
    Campaign,
    Comparator,
    DateStyle,
    DeadlineKind,
    KpiIndicator,
    ParticipantType,
    ReportPeriod,
    ReportSchedule,
)
from .services import (
    campaign_create,
    campaign_launch,
    deadline_save,
    kpi_catalogue_ensure,
    phase_delete,
    phase_save,
    report_schedule_save,
    target_save,
)

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"


@dataclass(frozen=True)
class DeadlineSeed:
    kind: str
    due: datetime.date
    # The sentence printed before "trước ngày <date>".
    description: str
    date_style: str = DateStyle.SHORT
    receiving_unit: str = ""  # unit code in the plan's tenant
    contact_email: str = ""


@dataclass(frozen=True)
class PhaseSeed:
    name: str
    start: datetime.date
    end: datetime.date
    description: str = ""
    deadlines: tuple[DeadlineSeed, ...] = ()


@dataclass(frozen=True)
class TargetSeed:
    indicator: str  # a code of services.DEFAULT_INDICATORS
    value: Decimal
    comparator: str = Comparator.AT_LEAST
    participant_type: str = ParticipantType.ALL


@dataclass(frozen=True)
class ScheduleSeed:
    name: str
    periods: tuple[str, ...]
    due_day: int
    due_month: str
    receiving_unit: str = ""


@dataclass(frozen=True)
class PlanSeed:
    key: str
    tenant: str
    unit: str
    title: str
    start: datetime.date
    end: datetime.date
    issued_on: datetime.date
    # The number printed on the paper plan: the unit's register continues from it.
    number: int | None = None
    based_on: str = ""  # key of the upper-level plan
    participant_kinds: tuple[str, ...] = ()
    includes_issuing_unit: bool = False
    texts: dict[str, str] = field(default_factory=dict)
    phases: tuple[PhaseSeed, ...] = ()
    targets: tuple[TargetSeed, ...] = ()
    schedules: tuple[ScheduleSeed, ...] = ()


# ---------------------------------------------------------------------------------------------
# Reading the files
# ---------------------------------------------------------------------------------------------


def _text(value: str | list[str]) -> str:
    return "\n".join(value) if isinstance(value, list) else value


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def _converted(data: dict[str, Any], converters: dict[str, Any]) -> dict[str, Any]:
    """The keys of one object as its dataclass takes them: notes dropped, values converted
    (an unknown key is left for the dataclass to refuse)."""
    return {
        name: converters[name](value) if name in converters else value
        for name, value in data.items()
        if name not in ("note", "notes", "about")
    }


def _deadline(data: dict[str, Any]) -> DeadlineSeed:
    return DeadlineSeed(
        **_converted(
            data,
            {
                "kind": DeadlineKind,
                "due": _date,
                "description": _text,
                "date_style": DateStyle,
            },
        )
    )


def _phase(data: dict[str, Any]) -> PhaseSeed:
    return PhaseSeed(
        **_converted(
            data,
            {
                "start": _date,
                "end": _date,
                "description": _text,
                "deadlines": lambda items: tuple(_deadline(item) for item in items),
            },
        )
    )


def _target(data: dict[str, Any]) -> TargetSeed:
    return TargetSeed(
        **_converted(
            data,
            {
                # Through str: a JSON number may be read as a float.
                "value": lambda value: Decimal(str(value)),
                "comparator": Comparator,
                "participant_type": ParticipantType,
            },
        )
    )


def _schedule(data: dict[str, Any]) -> ScheduleSeed:
    return ScheduleSeed(
        **_converted(
            data,
            {
                "periods": lambda items: tuple(ReportPeriod(item) for item in items),
                "due_month": ReportSchedule.DueMonth,
            },
        )
    )


def _plan(data: dict[str, Any], phases: tuple[PhaseSeed, ...]) -> PlanSeed:
    data = {name: value for name, value in data.items() if name not in ("phases", "phases_from")}
    return PlanSeed(
        phases=phases,
        **_converted(
            data,
            {
                "title": _text,
                "start": _date,
                "end": _date,
                "issued_on": _date,
                "participant_kinds": tuple,
                "texts": lambda texts: {name: _text(value) for name, value in texts.items()},
                "targets": lambda items: tuple(_target(item) for item in items),
                "schedules": lambda items: tuple(_schedule(item) for item in items),
            },
        ),
    )


def read_seed_plans(directory: Path = SEEDS_DIR) -> tuple[PlanSeed, ...]:
    """Every `<key>.json` in `directory`, upper-level plans before the plans based on them."""
    files: dict[str, dict[str, Any]] = {}
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") != path.stem:
            raise ValueError(f"{path.name}: its key must be {path.stem!r}")
        if "phases" in data and "phases_from" in data:
            raise ValueError(f"{path.name}: phases or phases_from, not both")
        files[path.stem] = data
    own = {
        key: tuple(_phase(item) for item in data.get("phases", ())) for key, data in files.items()
    }
    plans = {
        key: _plan(data, own[data["phases_from"]] if "phases_from" in data else own[key])
        for key, data in files.items()
    }
    ordered: dict[str, PlanSeed] = {}

    def add(key: str) -> None:
        if key not in ordered:
            if plans[key].based_on:
                add(plans[key].based_on)
            ordered[key] = plans[key]

    for key in plans:
        add(key)
    return tuple(ordered.values())


SEED_PLANS = read_seed_plans()


# ---------------------------------------------------------------------------------------------
# Loading into the database
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def _load(seed: PlanSeed, loaded: dict[str, Campaign]) -> Campaign:
    tenant = Tenant.objects.get(slug=seed.tenant)
    units = {unit.code: unit for unit in Unit.objects.filter(tenant=tenant)}
    issuing_unit = units[seed.unit]
    existing = Campaign.objects.filter(issuing_unit=issuing_unit, title=seed.title).first()
    if existing is not None:
        return existing

    kpi_catalogue_ensure(tenant)
    campaign = campaign_create(
        actor=SYSTEM,
        issuing_unit=issuing_unit,
        based_on=loaded[seed.based_on] if seed.based_on else None,
        title=seed.title,
        start_date=seed.start,
        end_date=seed.end,
        includes_issuing_unit=seed.includes_issuing_unit,
        participant_kinds=list(UnitKind.objects.filter(code__in=seed.participant_kinds)),
        **seed.texts,
    )
    # A plan based on another starts with a copy of its timetable; a seed plan has its own
    # (the source's), so the copy is replaced.
    for phase in list(campaign.phases.all()):
        phase_delete(actor=SYSTEM, phase=phase)
    for order, phase_seed in enumerate(seed.phases, start=1):
        phase = phase_save(
            actor=SYSTEM,
            campaign=campaign,
            order=order,
            name=phase_seed.name,
            start_date=phase_seed.start,
            end_date=phase_seed.end,
            description=phase_seed.description,
        )
        for deadline in phase_seed.deadlines:
            deadline_save(
                actor=SYSTEM,
                phase=phase,
                kind=deadline.kind,
                due_date=deadline.due,
                description=deadline.description,
                date_style=deadline.date_style,
                receiving_unit=units[deadline.receiving_unit] if deadline.receiving_unit else None,
                contact_email=deadline.contact_email,
                # The source plan sets it so (1362: the award dossier after "Đợt 2" ends).
                after_phase_end=deadline.due > phase_seed.end,
            )
    for schedule in seed.schedules:
        report_schedule_save(
            actor=SYSTEM,
            campaign=campaign,
            name=schedule.name,
            periods=list(schedule.periods),
            due_day=schedule.due_day,
            due_month=schedule.due_month,
            receiving_unit=units[schedule.receiving_unit] if schedule.receiving_unit else None,
        )
    indicators = {i.code: i for i in KpiIndicator.objects.filter(tenant=tenant)}
    for target in seed.targets:
        target_save(
            actor=SYSTEM,
            campaign=campaign,
            indicator=indicators[target.indicator],
            comparator=target.comparator,
            value=target.value,
            participant_type=target.participant_type,
        )
    if seed.number is not None:
        # The unit's paper register already holds the earlier plans of that year.
        number_register_continue(
            actor=SYSTEM,
            unit=issuing_unit,
            doc_type=DocumentType.PLAN,
            year=seed.issued_on.year,
            last_number=seed.number - 1,
        )
    return campaign_launch(
        actor=SYSTEM, campaign=campaign, issued_on=seed.issued_on, as_printed=True
    )


def load_seed_campaigns() -> list[Campaign]:
    """Create and launch the seed plans (and the two upper-level plans they are based on) in
    the demo tenants of `units.demo.load_demo`; a plan that already exists is skipped."""
    loaded: dict[str, Campaign] = {}
    for seed in SEED_PLANS:
        loaded[seed.key] = _load(seed, loaded)
    return list(loaded.values())
