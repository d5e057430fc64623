"""A synthetic province: the data `bench/run.py` measures against.

    .venv/bin/python bench/generate.py [--schools 3000] [--districts 30]
    .venv/bin/python bench/generate.py --schools 5000 --years 3 --tenants 10   # the big one

Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://cchc:cchc@127.0.0.1:5432/cchc_bench,
the application's own role, so row-level security applies as in production) names a database
that is dropped, created and migrated afresh; Redis (BENCH_CACHE_URL, default
redis://127.0.0.1:6379/3) is the cache the web processes share. Deterministic: the same sizes
give the same rows (dates follow today, so that the deadline is always a few days ahead).

What it builds (default sizes), with bulk inserts wherever the services are not needed:
- a Sở (department), `--districts` Phòng GD&ĐT and `--schools` schools below them;
- `--staff` people per school (authors, persons in charge, nominees) and, per school, a head
  and a member of staff who log in; at the Sở and every Phòng a reviewer, a head and an award
  officer;
- the Sở's plan, launched, in which every school takes part: one registration deadline, the
  targets and report schedule of seed 001; `--per-school` initiatives per school across every
  status (every tenth school has sent nothing, some items late), the four reports of the year
  per school with their figures (every twentieth school's still drafts);
- one Phòng (the first) implementing the Sở's plan with a plan of its own: its schools
  register there, it accepted part of their items, listed them and forwarded the list;
- `--nominations` award nominations of schools and teachers, mostly submitted;
- draft registrations of `--drafts` schools that `bench/run.py` submits all at once;
- with `--years N`, the plans of the N - 1 previous years before the current one, each with its
  Phòng's plan, items and reports, all closed (items accepted or rejected, reports submitted);
- with `--tenants N`, N - 1 other tenants beside the main one, of `--other-schools` schools
  each (and proportionally fewer Phòng and nominations), built the same way but with no
  drafts to submit: the rows a page of the main tenant must never pay for.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://cchc:cchc@127.0.0.1:5432/cchc_bench"
BENCH_CACHE_URL = "redis://127.0.0.1:6379/3"
TENANT_SLUG = "bench"  # the main tenant; the others are bench-2, bench-3, ...
PASSWORD = "ThiDua@2025"
SCHOOL_KINDS = ("truong-mam-non", "truong-tieu-hoc", "truong-thcs")
KIND_NAMES = {
    "truong-mam-non": "Trường Mầm non",
    "truong-tieu-hoc": "Trường Tiểu học",
    "truong-thcs": "Trường Trung học cơ sở",
}
# Seed 001's targets: (indicator code, comparator, value).
TARGETS = (
    ("tthc-dung-han", "gte", 98),
    ("hai-long-tthc", "gte", 95),
    ("xin-loi-tre-han", "gte", 100),
    ("van-ban-dien-tu", "gte", 100),
    ("chu-ky-so", "gte", 100),
    ("thanh-toan-khong-tien-mat", "gte", 100),
    ("so-mo-hinh", "gte", 1),
)
PERIODS = ("q1", "h1", "q3", "year")
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng")
MIDDLE = ("Thị", "Văn", "Ngọc", "Minh", "Thanh", "Hữu", "Thu", "Quốc")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Nam")
TOPICS = (
    "Số hóa hồ sơ tuyển sinh đầu cấp",
    "Thu học phí không dùng tiền mặt qua ngân hàng",
    "Ứng dụng chữ ký số trong văn bản điều hành nội bộ",
    "Một cửa điện tử tiếp nhận đơn từ của phụ huynh",
    "Sổ liên lạc điện tử kết nối gia đình và nhà trường",
    "Chuẩn hóa quy trình cấp giấy xác nhận học sinh",
    "Quản lý tài sản, thiết bị bằng mã QR",
    "Họp trực tuyến tổ chuyên môn, giảm giấy tờ",
)
SUMMARY = (
    "Trước đây việc tiếp nhận và xử lý hồ sơ được thực hiện thủ công trên giấy, mất nhiều "
    "thời gian đi lại của phụ huynh, dễ thất lạc hồ sơ và khó tra cứu khi cần. Mô hình đưa "
    "toàn bộ quy trình lên môi trường điện tử, công khai thời hạn giải quyết, thông báo kết "
    "quả qua tin nhắn và lưu trữ hồ sơ điện tử theo quy định, góp phần rút ngắn thời gian "
    "giải quyết và nâng cao sự hài lòng của người dân đối với nhà trường."
)
RESULTS = (
    "100% hồ sơ được tiếp nhận và trả kết quả đúng hạn; thời gian giải quyết giảm từ 5 ngày "
    "xuống còn 2 ngày làm việc; tỷ lệ phụ huynh hài lòng đạt trên 95%; tiết kiệm chi phí in "
    "ấn khoảng 12 triệu đồng mỗi năm học."
)


@dataclass
class Province:
    """What `bench/run.py` needs to find again in a generated database."""

    tenant_id: int
    department_id: int
    district_id: int
    deadline_id: int  # the Sở's registration deadline (every school but the first Phòng's)
    district_deadline_id: int  # the first Phòng's own registration deadline
    schedule_id: int
    year: int


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)


def recreate_database(url: str, template: str = "") -> None:
    """Drop and create the database of `url`, empty or a copy of the database `template`."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    copy = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"{copy}')


def start_django(*, fresh: bool) -> None:
    """Django on the bench database (dropped and migrated afresh with `fresh`); e-mail to
    memory, Celery eager, a fast password hasher for the thousands of accounts."""
    url = database_url()
    if fresh:
        # A copy of a freshly migrated database (`bench/run.py` makes one for its two
        # provinces) saves migrating twice.
        recreate_database(url, os.environ.get("BENCH_TEMPLATE_DATABASE", ""))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    # Production's settings, but plain HTTP on 127.0.0.1 and no collected static files.
    os.environ.setdefault("DEBUG", "False")
    os.environ.setdefault("SECRET_KEY", "bench-only-key-" + "x" * 40)
    os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
    os.environ.setdefault("SECURE_COOKIES", "False")
    os.environ.setdefault("CONN_MAX_AGE", "60")  # as docker-compose.yml runs production
    # The cache every web process shares, as in docker-compose.yml.
    os.environ.setdefault("CACHE_URL", os.environ.get("BENCH_CACHE_URL", BENCH_CACHE_URL))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("FAST_PASSWORD_HASHER", "True")
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks run in the process: measured as such

    import django

    django.setup()
    if fresh:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # nothing to apply on a migrated template


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def build_units(tenant, districts: int, schools: int):
    from units import services as unit_services
    from units.models import UnitKind
    from units.permissions import SYSTEM

    kinds = {k.code: k for k in UnitKind.objects.all()}
    department = unit_services.unit_create(
        actor=SYSTEM, tenant=tenant, code="SGDDT", name="Sở Giáo dục và Đào tạo", kind=kinds["so"]
    )
    offices = [
        unit_services.unit_create(
            actor=SYSTEM,
            tenant=tenant,
            parent=department,
            code=f"PGD{i + 1:02d}",
            name=f"Phòng Giáo dục và Đào tạo huyện số {i + 1}",
            kind=kinds["phong-gddt"],
        )
        for i in range(districts)
    ]
    school_units = []
    for i in range(schools):
        kind = SCHOOL_KINDS[i % len(SCHOOL_KINDS)]
        school_units.append(
            unit_services.unit_create(
                actor=SYSTEM,
                tenant=tenant,
                parent=offices[i % districts],
                code=f"T{i + 1:05d}",
                name=f"{KIND_NAMES[kind]} số {i + 1}",
                kind=kinds[kind],
                email=f"t{i + 1:05d}@truong.edu.vn",
            )
        )
    return department, offices, school_units, [kinds[k] for k in SCHOOL_KINDS]


def build_people(
    tenant, department, offices, schools, staff: int, rng: random.Random, prefix: str = ""
):
    """People per school, and the accounts of those who log in: {school id: [people]};
    usernames are unique across tenants, so those of another tenant carry `prefix`."""
    from django.contrib.auth.hashers import make_password

    from units.models import Membership, Person, Role, User

    people = Person.objects.bulk_create(
        (
            Person(
                tenant=tenant,
                unit=school,
                full_name=person_name(rng),
                position="Hiệu trưởng" if n == 0 else "Giáo viên",
            )
            for school in schools
            for n in range(staff)
        ),
        batch_size=5000,
    )
    by_school = {school.pk: people[i * staff : (i + 1) * staff] for i, school in enumerate(schools)}
    password = make_password(PASSWORD)
    accounts = [
        (school, role, f"{prefix}{school.code.lower()}-{role}")
        for school in schools
        for role in ("head", "staff")
    ]
    for unit in (department, *offices):
        accounts += [
            (unit, role, f"{prefix}{unit.code.lower()}-{role}")
            for role in ("reviewer", "head", "awards")
        ]
    roles = {
        "head": Role.UNIT_HEAD,
        "staff": Role.UNIT_STAFF,
        "reviewer": Role.REVIEWER,
        "awards": Role.AWARD_OFFICER,
    }
    users = User.objects.bulk_create(
        (
            User(
                username=username,
                email=f"{username}@bench.edu.vn",
                tenant=tenant,
                password=password,
            )
            for _unit, _role, username in accounts
        ),
        batch_size=5000,
    )
    Membership.objects.bulk_create(
        (
            Membership(tenant=tenant, user=user, unit=unit, role=roles[role])
            for (unit, role, _username), user in zip(accounts, users, strict=True)
        ),
        batch_size=5000,
    )
    return by_school


def build_plan(department, school_kinds, today: datetime.date):
    """The Sở's plan (every school takes part), launched, with seed 001's targets and its
    quarterly report schedule; its registration deadline is five days from `today` (a past
    year's plan is built with `today` a year or two back)."""
    from campaign import services as campaign_services
    from campaign.models import KpiIndicator, ReportSchedule
    from units.permissions import SYSTEM

    start = today - datetime.timedelta(days=150)
    plan = campaign_services.campaign_create(
        actor=SYSTEM,
        issuing_unit=department,
        title=f"Phát động phong trào thi đua “Cải cách hành chính” năm {start.year}",
        start_date=start,
        end_date=today + datetime.timedelta(days=120),
        participant_kinds=school_kinds,
    )
    phase = campaign_services.phase_save(
        actor=SYSTEM,
        campaign=plan,
        name="Đợt 1",
        start_date=start,
        end_date=today + datetime.timedelta(days=30),
    )
    deadline = campaign_services.deadline_save(
        actor=SYSTEM,
        phase=phase,
        kind="registration",
        due_date=today + datetime.timedelta(days=5),
        receiving_unit=department,
    )
    campaign_services.kpi_catalogue_ensure(plan.tenant)
    indicators = {i.code: i for i in KpiIndicator.objects.filter(tenant=plan.tenant)}
    for code, comparator, value in TARGETS:
        campaign_services.target_save(
            actor=SYSTEM,
            campaign=plan,
            indicator=indicators[code],
            comparator=comparator,
            value=value,
        )
    ReportSchedule.objects.create(
        campaign=plan, periods=list(PERIODS), due_day=5, receiving_unit=department
    )
    plan = campaign_services.campaign_launch(
        actor=SYSTEM, campaign=plan, issued_on=start + datetime.timedelta(days=3)
    )
    return plan, deadline


def build_district_plan(plan, office, today: datetime.date):
    """The first Phòng's plan implementing the Sở's (its deadline copied, received by it)."""
    from campaign import services as campaign_services
    from campaign.models import Deadline
    from units.permissions import SYSTEM

    district_plan = campaign_services.campaign_create(
        actor=SYSTEM, issuing_unit=office, based_on=plan
    )
    campaign_services.campaign_launch(
        actor=SYSTEM, campaign=district_plan, issued_on=plan.start_date + datetime.timedelta(days=8)
    )
    return Deadline.objects.get(phase__campaign=district_plan, kind="registration")


def build_initiatives(
    plan, deadline, district_deadline, schools, people, per_school, rng, closed=False
):
    """`per_school` items per school (none sent by every tenth school), every status; the
    first Phòng's schools register under its own deadline. A `closed` year's items were all
    decided: accepted or rejected. Returns the items created."""
    from django.utils import timezone

    from core.text import fold
    from initiatives.models import CchcArea, Initiative, InitiativeKind

    district_path = district_deadline.receiving_unit.path
    statuses = ("submitted", "accepted", "accepted", "returned", "rejected", "draft")
    if closed:
        statuses = ("accepted", "accepted", "rejected")
    areas = list(CchcArea.values)
    kinds = list(InitiativeKind.values)
    submitted_at = timezone.now() - datetime.timedelta(
        days=max(0, (timezone.localdate() - deadline.due_date).days)
    )
    rows = []
    for index, school in enumerate(schools):
        own = district_deadline if school.path.startswith(district_path) else deadline
        for n in range(per_school):
            status = statuses[(index + n) % len(statuses)]
            if index % 10 == 9 and not closed:
                status = "draft"
            person = people[school.pk][n % len(people[school.pk])]
            name = f"{TOPICS[(index + n) % len(TOPICS)]} tại {school.name} (mô hình {n + 1})"
            rows.append(
                Initiative(
                    tenant_id=school.tenant_id,
                    campaign_id=own.phase.campaign_id,
                    deadline=own,
                    review_deadline=own,
                    unit=school,
                    name=name,
                    kind=kinds[n % len(kinds)],
                    area=areas[(index + n) % len(areas)],
                    person_in_charge=person,
                    situation=SUMMARY,
                    objectives=SUMMARY[: 200 + rng.randrange(200)],
                    steps="Bước 1: khảo sát. Bước 2: triển khai thí điểm. Bước 3: nhân rộng.",
                    expected_results=RESULTS,
                    scope="Áp dụng được tại các trường cùng cấp học trong tỉnh.",
                    status=status,
                    is_late=status != "draft" and (index + n) % 7 == 0,
                    submitted_at=None if status == "draft" else submitted_at,
                    version=0 if status == "draft" else 1,
                    search_text=fold(f"{name} {school.name} {person.full_name}"),
                )
            )
    items = Initiative.objects.bulk_create(rows, batch_size=5000)
    through = Initiative.authors.through
    through.objects.bulk_create(
        (through(initiative_id=item.pk, person_id=item.person_in_charge_id) for item in items),
        batch_size=10000,
    )
    return items


def forward_district_list(district_deadline, closed: bool = False) -> int:
    """The first Phòng lists what it accepted and forwards it to the Sở, whose reviewers
    accepted some of it already."""
    from initiatives import services as initiative_services
    from initiatives.models import Initiative
    from units.models import Membership

    reviewer = Membership.objects.get(unit=district_deadline.receiving_unit, role="reviewer").user
    consolidation = initiative_services.consolidation_create(
        actor=reviewer, deadline=district_deadline
    )
    initiative_services.consolidation_forward(
        actor=reviewer,
        consolidation=consolidation,
        issued_on=district_deadline.due_date - datetime.timedelta(days=1),
    )
    forwarded = list(consolidation.items.values_list("pk", flat=True))
    Initiative.objects.filter(pk__in=forwarded[::2]).update(status="accepted")
    if closed:  # the Sở decided on all of it: the rest of the list it rejected
        Initiative.objects.filter(pk__in=forwarded[1::2]).update(status="rejected")
    return len(forwarded)


def build_reports(plan, schools, closed=False) -> int:
    """The four reports of the plan's first year per school (every twentieth still a
    draft, unless the year is `closed`), each with a figure per target: some meet, some
    miss, some do not apply."""
    from django.utils import timezone

    from campaign.models import KpiTarget, ReportSchedule
    from reports.models import PeriodicReport, ReportFigure, figure_value

    schedule = ReportSchedule.objects.get(campaign=plan)
    targets = list(KpiTarget.objects.filter(campaign=plan).select_related("indicator"))
    now = timezone.now()
    reports = PeriodicReport.objects.bulk_create(
        (
            PeriodicReport(
                tenant_id=plan.tenant_id,
                schedule=schedule,
                year=plan.start_date.year,
                period=period,
                unit=school,
                status="draft" if index % 20 == 19 and not closed else "submitted",
                submitted_at=None if index % 20 == 19 and not closed else now,
            )
            for index, school in enumerate(schools)
            for period in PERIODS
        ),
        batch_size=5000,
    )
    figures = []
    for number, report in enumerate(reports):
        for index, target in enumerate(targets):
            total = 20 + (number * 7 + index * 13) % 200
            if target.indicator.measure == "count":
                numerator, denominator = number % 3, None
            elif (number + index) % 17 == 0:
                numerator, denominator = 0, 0
            else:
                numerator, denominator = total - (number + index) % 4, total
            value = figure_value(target.indicator.measure, numerator, denominator)
            figures.append(
                ReportFigure(
                    report=report,
                    target=target,
                    numerator=numerator,
                    denominator=denominator,
                    meets=None if value is None else target.is_met_by(value),
                )
            )
    ReportFigure.objects.bulk_create(figures, batch_size=10000)
    return len(reports)


def build_nominations(plan, schools, people, count: int) -> int:
    """`count` nominations, one in four for a school, the others for a teacher; most sent
    to the council of the school's Phòng."""
    from awards.models import AwardType, Nomination, Subject

    collective = AwardType.objects.create(
        tenant_id=plan.tenant_id,
        name="Giấy khen của Trưởng phòng Giáo dục và Đào tạo",
        subject=Subject.COLLECTIVE,
        conferring_authority="Trưởng phòng Giáo dục và Đào tạo",
    )
    individual = AwardType.objects.create(
        tenant_id=plan.tenant_id,
        name="Giấy khen của Trưởng phòng Giáo dục và Đào tạo",
        subject=Subject.INDIVIDUAL,
        conferring_authority="Trưởng phòng Giáo dục và Đào tạo",
    )
    step = max(1, len(schools) // count)
    rows = []
    for n in range(count):
        school = schools[(n * step) % len(schools)]
        person = None if n % 4 == 0 else people[school.pk][1 + n % (len(people[school.pk]) - 1)]
        rows.append(
            Nomination(
                tenant_id=plan.tenant_id,
                campaign=plan,
                award_type=individual if person else collective,
                unit=school,
                person=person,
                year=plan.start_date.year,
                rating="excellent",
                achievements=f"Hoàn thành xuất sắc nhiệm vụ năm học; {SUMMARY[:160]}",
                status="draft" if n % 10 == 0 else "submitted",
            )
        )
    Nomination.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def build_drafts(deadline, schools, count: int) -> list[int]:
    """A complete draft registration for each of `count` schools that have sent nothing:
    the items `bench/run.py` submits all at once, as at the last hour before a deadline."""
    from core.text import fold
    from initiatives.models import Initiative
    from units.models import Person

    # The schools that sent nothing first; then others (a second item of theirs) when the
    # province has fewer silent schools than `count`.
    silent = [s for index, s in enumerate(schools) if index % 10 == 9]
    silent += [s for index, s in enumerate(schools) if index % 10 != 9]
    silent = silent[:count]
    heads = {
        p.unit_id: p
        for p in Person.objects.filter(unit__in=silent, position="Hiệu trưởng").order_by("pk")
    }
    rows = [
        Initiative(
            tenant_id=school.tenant_id,
            campaign_id=deadline.phase.campaign_id,
            deadline=deadline,
            review_deadline=deadline,
            unit=school,
            name=f"Đăng ký giờ chót của {school.name}",
            kind="model",
            area="procedures",
            person_in_charge=heads[school.pk],
            situation=SUMMARY,
            objectives=SUMMARY[:300],
            steps="Bước 1: khảo sát. Bước 2: triển khai.",
            expected_results=RESULTS,
            scope="Toàn trường.",
            search_text=fold(f"Đăng ký giờ chót của {school.name}"),
        )
        for school in silent
        if school.pk in heads
    ]
    return [item.pk for item in Initiative.objects.bulk_create(rows)]


def generate(
    *,
    schools: int = 3000,
    districts: int = 30,
    staff: int = 30,
    per_school: int = 10,
    nominations: int = 500,
    drafts: int = 500,
    years: int = 1,
    tenants: int = 1,
    other_schools: int = 1000,
    today: datetime.date | None = None,
    log=print,
) -> Province:
    rng = random.Random(2024)
    today = today or datetime.date.today()  # noqa: DTZ011 - the bench's own clock
    started = time.perf_counter()

    def step(label: str, count: int | None = None) -> None:
        elapsed = time.perf_counter() - started
        log(f"  {elapsed:6.1f} s  {label}" + (f": {count:,}" if count is not None else ""))

    common = {"staff": staff, "per_school": per_school, "years": years, "today": today}
    build_tenant(
        TENANT_SLUG,
        "Sở GD&ĐT tỉnh (bench)",
        schools=schools,
        districts=districts,
        nominations=nominations,
        drafts=drafts,
        rng=rng,
        step=step,
        **common,
    )
    for number in range(2, tenants + 1):
        # Another province: as many schools per Phòng, nominations in proportion, no drafts.
        share = other_schools / schools
        build_tenant(
            f"{TENANT_SLUG}-{number}",
            f"Sở GD&ĐT tỉnh số {number} (bench)",
            schools=other_schools,
            districts=max(1, round(districts * share)),
            nominations=max(1, round(nominations * share)),
            drafts=0,
            rng=rng,
            step=lambda label, count=None, n=number: step(f"tenant {n}: {label}", count),
            **common,
        )
    settle()
    step("vacuumed and analysed")
    return find_province()


def build_tenant(
    slug,
    name,
    *,
    schools,
    districts,
    staff,
    per_school,
    nominations,
    drafts,
    years,
    today,
    rng,
    step,
) -> None:
    """One tenant: its units and people, then its plans from the oldest year (closed) to the
    current one, all in one transaction."""
    from django.db import transaction

    from initiatives.services import counts
    from reports import totals
    from units.models import Tenant

    prefix = "" if slug == TENANT_SLUG else f"{slug}-"
    with transaction.atomic():
        tenant = Tenant.objects.create(name=name, slug=slug)
        department, offices, school_units, school_kinds = build_units(tenant, districts, schools)
        step("units", 1 + districts + schools)
        people = build_people(tenant, department, offices, school_units, staff, rng, prefix)
        step("people", staff * schools)
        for back in range(years - 1, -1, -1):
            closed = back > 0
            day = today - datetime.timedelta(days=365 * back)
            label = f"year {day.year}" + (" (closed)" if closed else "")
            plan, deadline = build_plan(department, school_kinds, day)
            district_deadline = build_district_plan(plan, offices[0], day)
            items = build_initiatives(
                plan, deadline, district_deadline, school_units, people, per_school, rng, closed
            )
            step(f"{label}: initiatives", len(items))
            forwarded = forward_district_list(district_deadline, closed)
            step(f"{label}: forwarded by the first Phòng", forwarded)
            step(f"{label}: periodic reports", build_reports(plan, school_units, closed))
        step("nominations", build_nominations(plan, school_units, people, nominations))
        if drafts:
            step("drafts to submit", len(build_drafts(deadline, school_units, drafts)))
        # The items went in around the services (in bulk): the boards' counters from them,
        # and the reports: the dashboards' sums.
        counts.rebuild(tenant.pk)
        step("board counters")
        totals.rebuild(tenant.pk)
        step("dashboard totals")


def settle() -> None:
    """As autovacuum leaves a settled database: statistics, and the visibility map that lets
    the covering indexes answer without reading the table. Also after a measurement that
    rolled back thousands of rows: their dead tuples misled the planner of the next one."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def find_province() -> Province:
    """The generated province in the current database (None if there is none)."""
    from campaign.models import Deadline, ReportSchedule
    from units.models import Tenant, Unit

    tenant = Tenant.objects.filter(slug=TENANT_SLUG).first()
    if tenant is None:
        return None
    department = Unit.objects.get(tenant=tenant, code="SGDDT")
    district = Unit.objects.get(tenant=tenant, code="PGD01")
    # The current year's plans: the latest deadlines (past years' fell due before them).
    current = Deadline.objects.filter(kind="registration").order_by("-due_date")
    deadline = current.filter(phase__campaign__issuing_unit=department).first()
    schedule = ReportSchedule.objects.get(campaign_id=deadline.phase.campaign_id)
    return Province(
        tenant_id=tenant.pk,
        department_id=department.pk,
        district_id=district.pk,
        deadline_id=deadline.pk,
        district_deadline_id=current.filter(phase__campaign__issuing_unit=district).first().pk,
        schedule_id=schedule.pk,
        year=schedule.campaign.start_date.year,
    )


def add_size_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--schools", type=int, default=3000)
    parser.add_argument("--districts", type=int, default=30)
    parser.add_argument("--staff", type=int, default=30, help="people per school")
    parser.add_argument("--per-school", type=int, default=10, help="initiatives per school")
    parser.add_argument("--nominations", type=int, default=500)
    parser.add_argument("--drafts", type=int, default=500, help="registrations to submit")
    parser.add_argument("--years", type=int, default=1, help="the current one and past ones")
    parser.add_argument("--tenants", type=int, default=1, help="the main one and others")
    parser.add_argument(
        "--other-schools", type=int, default=1000, help="schools of each other tenant"
    )


def sizes(args) -> dict:
    return {
        "schools": args.schools,
        "districts": args.districts,
        "staff": args.staff,
        "per_school": args.per_school,
        "nominations": args.nominations,
        "drafts": args.drafts,
        "years": args.years,
        "tenants": args.tenants,
        "other_schools": args.other_schools,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_size_arguments(parser)
    args = parser.parse_args()
    print(f"generating into {database_url()}")
    started = time.perf_counter()
    start_django(fresh=True)
    generate(**sizes(args))
    print(f"generated in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
