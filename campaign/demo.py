"""The demo's plans: the five seed plans as the historical, real-dated records they are, and
beside them, in every demo tenant, a live plan of the current school year dated from the day
the demo is loaded, so a newcomer finds deadlines ahead and late units whatever the date.

The live plan of each tenant, T being the day of loading (`timezone.localdate()`):
- issued 30 days ago by the unit whose reviewer receives the schools' registrations;
- Đợt 1: registration due yesterday (late for the schools that have sent nothing; one school,
  where there are enough, has been granted more time, two weeks ahead);
- Đợt 2: a second registration due in 7 days (the day's reminder sweep tells the schools);
- Đợt 3: result reports (Mẫu 2) and award proposals, later in the school year;
- the KPI targets of the seed plans, a quarterly report schedule and seed 002's scoring
  criteria.
Everything goes through the services, as a user's clicks would. Idempotent: a tenant whose
issuing unit already has the plan of this school year (by its title) is left as it is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from documents import legal
from units.demo import DEMO_TENANTS
from units.models import Membership, Role, Tenant, Unit, UnitKind, User

from .models import Campaign, DeadlineKind, KpiIndicator, ReportPeriod, ReportSchedule
from .reminders import reminders_sweep
from .seed_plans import load_seed_campaigns
from .services import (
    campaign_create,
    campaign_launch,
    criteria_from_seed_002,
    deadline_extend,
    deadline_save,
    kpi_catalogue_ensure,
    phase_save,
    report_schedule_save,
    target_save,
)

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class LivePlan:
    issuing_unit: str
    receiving_unit: str
    participant_kinds: tuple[str, ...]
    signer_authority: str
    signer_position: str
    signer_name: str


LIVE_PLANS = {
    "lao-cai": LivePlan(
        "SGDĐT",
        "TCCB",
        # As seed 004: the divisions take part too (so Phòng TCCB, which receives, sees it).
        ("phong-thuoc-so", "truong-thpt", "truong-lien-cap"),
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn Bình",
    ),
    "nha-be": LivePlan(
        "GDĐT",
        "GDĐT",
        ("truong-mam-non", "truong-tieu-hoc", "truong-thcs"),
        "KT. TRƯỞNG PHÒNG",
        "PHÓ TRƯỞNG PHÒNG",
        "Trần Văn Tâm",
    ),
    "quan-1": LivePlan(
        "GDĐT", "GDĐT", ("truong-mam-non",), "TRƯỞNG PHÒNG", "", "Lê Thị Thanh Thủy"
    ),
    "quan-8": LivePlan(
        "PGDĐT", "PGDĐT", ("truong-mam-non",), "KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG", "Võ Văn Hòa"
    ),
    "go-vap": LivePlan(
        "GDĐT",
        "GDĐT",
        ("truong-mam-non", "truong-tieu-hoc"),
        "TRƯỞNG PHÒNG",
        "",
        "Phạm Thị Ngọc Lan",
    ),
}
TARGETS = [
    ("tthc-dung-han", 100),
    ("hai-long-phuc-vu", 95),
    ("van-ban-dien-tu", 100),
    ("chu-ky-so", 100),
    ("thanh-toan-khong-tien-mat", 100),
]


def school_year(today: datetime.date) -> int:
    """The first calendar year of the school year `today` falls in (it starts in August)."""
    return today.year if today.month >= 8 else today.year - 1


def live_title(today: datetime.date) -> str:
    year = school_year(today)
    return (
        "Kế hoạch tổ chức phong trào thi đua đổi mới, sáng tạo trong cải cách hành chính "
        f"năm học {year} - {year + 1}"
    )


@dataclass
class Cast:
    """Who plays which part in a tenant's live plan: the head's school (whose logins show
    every state), a school that sent late, one that has sent nothing, one granted more time."""

    campaign: Campaign
    head_school: Unit
    late_sender: Unit | None
    silent: Unit | None
    extended: Unit | None
    users: dict[str, User]  # role -> the demo user

    @property
    def reviewer(self) -> User:
        return self.users[Role.REVIEWER]

    @property
    def head(self) -> User:
        return self.users[Role.UNIT_HEAD]

    @property
    def staff(self) -> User:
        return self.users[Role.UNIT_STAFF]

    def deadline(self, kind: str, order: int = 1):
        found = [
            d
            for phase in self.campaign.phases.order_by("order")
            for d in phase.deadlines.order_by("due_date")
            if d.kind == kind
        ]
        return found[order - 1]


def live_cast(slug: str, today: datetime.date | None = None) -> Cast | None:
    """The tenant's live plan of the school year and who plays which part in it."""
    today = today or timezone.localdate()
    spec = LIVE_PLANS[slug]
    campaign = (
        Campaign.objects.filter(
            tenant__slug=slug, issuing_unit__code=spec.issuing_unit, title=live_title(today)
        )
        .select_related("issuing_unit")
        .first()
    )
    if campaign is None:
        return None
    users = {
        m.role: m.user
        for m in Membership.objects.filter(
            tenant__slug=slug, user__username__startswith=f"{slug}-"
        ).select_related("user", "unit")
    }
    head_unit = Membership.objects.get(
        tenant__slug=slug, role=Role.UNIT_HEAD, user__username=f"{slug}-head"
    ).unit
    # The schools play the parts first, in the tree's order.
    others = sorted(
        (
            p.unit
            for p in campaign.participations.select_related("unit__kind")
            if p.unit_id != head_unit.pk
        ),
        key=lambda unit: (not unit.kind.code.startswith("truong"), unit.path),
    )
    others += [None, None, None]
    return Cast(campaign, head_unit, others[0], others[1], others[2], users)


def _issuer(tenant: Tenant, unit: Unit) -> User | None:
    """The demo user who issues the plan: the unit's own reviewer, else the administrator."""
    for role in (Role.REVIEWER, Role.TENANT_ADMIN):
        membership = (
            Membership.objects.filter(tenant=tenant, role=role).select_related("unit", "user")
        ).first()
        if membership and (role == Role.TENANT_ADMIN or membership.unit_id == unit.pk):
            return membership.user
    return None


def _end(earliest: datetime.date) -> datetime.date:
    """The first quarterly report's due date (the 5th of March, June, September or December)
    on or after `earliest`: the plan then ends with a report and asks for none after it."""
    day = datetime.date(earliest.year, earliest.month, 5)
    while day < earliest or day.month % 3:
        month = day.month % 12 + 1
        day = datetime.date(day.year + (month == 1), month, 5)
    return day


def _texts(tenant_name: str, issuing: Unit, receiving: Unit, year: int) -> dict:
    school_year_text = f"năm học {year} - {year + 1}"
    return {
        "legal_basis": "\n".join(
            [
                *legal.citations(legal.AWARD_BASES),
                f"Căn cứ kế hoạch cải cách hành chính {school_year_text} của {tenant_name};",
            ]
        ),
        "introduction": f"{issuing.name} xây dựng Kế hoạch tổ chức phong trào thi đua đổi mới, "
        f"sáng tạo trong cải cách hành chính {school_year_text} như sau:",
        "purpose": "Khơi dậy tinh thần đổi mới, sáng tạo của cán bộ, giáo viên, nhân viên "
        "trong cải cách hành chính; nhân rộng các mô hình, giải pháp hiệu quả.",
        "requirements": "Mỗi đơn vị đăng ký ít nhất 01 mô hình, giải pháp; nội dung thiết thực, "
        "có kết quả đo đếm được.",
        "participants_collective": "Các trường mầm non, tiểu học, trung học trực thuộc.",
        "participants_individual": "Cán bộ quản lý, giáo viên, nhân viên các đơn vị.",
        "content_collective": "Đăng ký và triển khai mô hình, giải pháp cải cách hành chính "
        "trong tuyển sinh, thu học phí, số hóa hồ sơ, tiếp nhận ý kiến phụ huynh.",
        "award_forms": "Giấy khen cho tập thể, cá nhân có thành tích xuất sắc.",
        "award_procedure": f"Hồ sơ đề nghị khen thưởng gửi về {receiving.name}.",
        "implementation": f"{receiving.name} theo dõi, tổng hợp, chấm điểm các mô hình, giải "
        "pháp; các đơn vị triển khai và báo cáo đúng hạn.",
        "recipients": "\n".join(["Như trên;", "Lưu: VT."]),
    }


@transaction.atomic
def _live_plan(tenant: Tenant, spec: LivePlan, today: datetime.date) -> Campaign | None:
    units = {unit.code: unit for unit in Unit.objects.filter(tenant=tenant)}
    issuing, receiving = units[spec.issuing_unit], units[spec.receiving_unit]
    title = live_title(today)
    existing = Campaign.objects.filter(issuing_unit=issuing, title=title).first()
    if existing is not None:
        return existing
    year = school_year(today)
    issued = today - 30 * DAY
    start = min(datetime.date(year, 9, 1), issued)
    end = _end(max(datetime.date(year + 1, 5, 31), today + 150 * DAY))
    actor = _issuer(tenant, issuing)
    kpi_catalogue_ensure(tenant)
    campaign = campaign_create(
        actor=actor,
        issuing_unit=issuing,
        title=title,
        start_date=start,
        end_date=end,
        participant_kinds=list(UnitKind.objects.filter(code__in=spec.participant_kinds)),
        signer_authority=spec.signer_authority,
        signer_position=spec.signer_position,
        signer_name=spec.signer_name,
        **_texts(tenant.name, issuing, receiving, year),
    )
    phases = [
        ("Đợt 1", start, today + 3 * DAY, "Đăng ký và triển khai mô hình, giải pháp."),
        ("Đợt 2", today + 4 * DAY, today + 45 * DAY, "Đăng ký bổ sung mô hình, giải pháp."),
        ("Đợt 3", today + 46 * DAY, end, "Báo cáo kết quả, đề nghị khen thưởng."),
    ]
    deadlines = [
        # phase, kind, due, what is sent
        (1, DeadlineKind.REGISTRATION, today - DAY, "Đăng ký mô hình, giải pháp (Mẫu 1)"),
        (2, DeadlineKind.REGISTRATION, today + 7 * DAY, "Đăng ký bổ sung (Mẫu 1)"),
        (3, DeadlineKind.RESULT_REPORT, today + 75 * DAY, "Báo cáo kết quả thực hiện (Mẫu 2)"),
        (3, DeadlineKind.AWARD_PROPOSAL, today + 100 * DAY, "Hồ sơ đề nghị khen thưởng"),
    ]
    saved = []
    for order, (name, first, last, description) in enumerate(phases, start=1):
        saved.append(
            phase_save(
                actor=actor,
                campaign=campaign,
                order=order,
                name=name,
                start_date=first,
                end_date=last,
                description=description,
            )
        )
    for phase, kind, due, description in deadlines:
        deadline_save(
            actor=actor,
            phase=saved[phase - 1],
            kind=kind,
            due_date=due,
            description=f"{description} gửi về {receiving.name}",
            receiving_unit=receiving,
        )
    indicators = {i.code: i for i in KpiIndicator.objects.filter(tenant=tenant)}
    for code, value in TARGETS:
        target_save(
            actor=actor, campaign=campaign, indicator=indicators[code], value=Decimal(value)
        )
    report_schedule_save(
        actor=actor,
        campaign=campaign,
        name="Báo cáo định kỳ kết quả thực hiện công tác cải cách hành chính",
        periods=[ReportPeriod.Q1, ReportPeriod.H1, ReportPeriod.Q3, ReportPeriod.YEAR],
        due_day=5,
        due_month=ReportSchedule.DueMonth.LAST_MONTH,
        receiving_unit=receiving,
    )
    criteria_from_seed_002(campaign, actor=actor)
    campaign = campaign_launch(actor=actor, campaign=campaign, issued_on=issued)
    cast = live_cast(tenant.slug, today)
    if cast.extended is not None:
        deadline_extend(
            actor=cast.reviewer,
            deadline=cast.deadline(DeadlineKind.REGISTRATION),
            unit=cast.extended,
            due_date=today + 14 * DAY,
            reason="Đơn vị đang tổ chức hội thi giáo viên dạy giỏi cấp trường, đề nghị gia hạn.",
        )
    return campaign


def load_live_plans(today: datetime.date | None = None) -> list[Campaign]:
    today = today or timezone.localdate()
    plans = []
    for demo in DEMO_TENANTS:
        tenant = Tenant.objects.filter(slug=demo.slug).first()
        if tenant is not None:
            plans.append(_live_plan(tenant, LIVE_PLANS[demo.slug], today))
    return plans


def load_demo_campaigns() -> None:
    """The `demo_loader` of this app: the seed plans, then the live plans."""
    load_seed_campaigns()
    load_live_plans()


def demo_reminders() -> None:
    """The `demo_finisher` of this app (run once every app has loaded its demo data): the
    day's reminder sweep, as Celery beat would run it, so units and reviewers find their
    reminders, overdue notices and digests in the bell. Sent once a day whatever the runs."""
    reminders_sweep(day=timezone.localdate())
