"""Demo periodic reports.

- Historical: Trường Mầm non Hoa Phượng (seed 001) has sent its four reports of 2023 (quý I,
  06 tháng, quý III, năm) to Phòng GD&ĐT Quận 8.
- Live: on each demo tenant's plan of this school year (`campaign.demo`), the report of the
  period at hand (the first whose period has begun, due a fortnight ago or later): the
  schools other than the head's have sent it with their figures (but the one that sends
  nothing), and the head's school has its figures saved as a draft, still to send. So the
  school's list, the head's home and the reviewers' dashboard show figures on the day the
  demo is loaded.
Idempotent."""

import datetime

from django.db import transaction
from django.utils import timezone

from campaign.demo import LIVE_PLANS, live_cast
from campaign.models import ReportSchedule
from campaign.selectors import schedule_occurrences
from core.dates import local_datetime
from units.permissions import SYSTEM

from . import services
from .models import PeriodicReport, period_start

# Figures as (numerator, denominator) by indicator code, per period: on time 49/50 then
# 60/60, satisfaction below the 100% target in quý I.
FIGURES = {
    "q1": {
        "tthc-dung-han": (49, 50),
        "xin-loi-tre-han": (1, 1),
        "hai-long-phuc-vu": (118, 120),
        "hai-long-tthc": (40, 40),
        "thanh-toan-khong-tien-mat": (212, 230),
        "van-ban-dien-tu": (86, 86),
        "chu-ky-so": (31, 31),
    },
    "h1": {
        "tthc-dung-han": (60, 60),
        "xin-loi-tre-han": (0, 0),
        "hai-long-phuc-vu": (125, 125),
        "hai-long-tthc": (52, 52),
        "thanh-toan-khong-tien-mat": (228, 230),
        "van-ban-dien-tu": (140, 140),
        "chu-ky-so": (55, 55),
    },
    "q3": {
        "tthc-dung-han": (58, 58),
        "xin-loi-tre-han": (0, 0),
        "hai-long-phuc-vu": (130, 130),
        "hai-long-tthc": (47, 47),
        "thanh-toan-khong-tien-mat": (230, 230),
        "van-ban-dien-tu": (150, 150),
        "chu-ky-so": (60, 60),
    },
    "year": {
        "tthc-dung-han": (231, 232),
        "xin-loi-tre-han": (1, 1),
        "hai-long-phuc-vu": (498, 500),
        "hai-long-tthc": (190, 190),
        "thanh-toan-khong-tien-mat": (918, 920),
        "van-ban-dien-tu": (560, 560),
        "chu-ky-so": (214, 214),
    },
}
NARRATIVES = {
    "procedures": "Niêm yết công khai đầy đủ thủ tục tuyển sinh, chuyển trường tại bảng tin "
    "và trang thông tin điện tử của trường; không có hồ sơ trễ hạn.",
    "digital": "100% văn bản đi, đến được xử lý trên phần mềm quản lý văn bản; ký số hồ sơ "
    "tài chính kế toán.",
    "satisfaction": "Khảo sát sự hài lòng của phụ huynh qua phiếu và biểu mẫu trực tuyến.",
}


def _fill(report, figures: dict) -> None:
    by_code = {row.target.indicator.code: row.target_id for row in report.figures.all()}
    services.report_save(
        actor=SYSTEM,
        report=report,
        figures={by_code[code]: pair for code, pair in figures.items() if code in by_code},
        narratives=NARRATIVES,
    )


@transaction.atomic
def _live(cast, today: datetime.date) -> None:
    schedule = cast.campaign.report_schedules.first()
    if schedule is None or PeriodicReport.objects.filter(schedule=schedule).exists():
        return
    campaign = cast.campaign
    current = [
        (period, year, due)
        for period, year, due in schedule_occurrences(
            schedule, campaign.start_date, campaign.end_date
        )
        # Begun, and due from a fortnight ago on: the report the schools are at now.
        if period_start(year, period) <= today and due >= today - datetime.timedelta(days=15)
    ]
    if not current:
        return
    period, year, due = current[0]
    sent = local_datetime(
        min(today - datetime.timedelta(days=1), due - datetime.timedelta(days=2)), 9
    )
    schools = [
        p.unit for p in campaign.participations.select_related("unit").order_by("unit__path")
    ]
    for index, unit in enumerate(schools):
        if unit == cast.silent:
            continue
        report = services.report_open(
            actor=SYSTEM, schedule=schedule, year=year, period=period, unit=unit, today=today
        )
        # Each school its own figures: a few below the targets, so the dashboard shows both.
        figures = {code: (max(num - index, 0), den) for code, (num, den) in FIGURES["q1"].items()}
        _fill(report, figures)
        if unit != cast.head_school:
            services.report_submit(actor=SYSTEM, report=report, now=sent)


def load_demo_reports() -> None:
    today = timezone.localdate()
    for slug in LIVE_PLANS:
        cast = live_cast(slug, today)
        if cast is not None:
            _live(cast, today)
    _load_seed_001_reports()


def _load_seed_001_reports() -> None:
    schedule = (
        ReportSchedule.objects.filter(campaign__issuing_unit__code="MNHP")
        .select_related("campaign__issuing_unit")
        .first()
    )
    if schedule is None:
        return
    unit = schedule.campaign.issuing_unit
    for period, figures in FIGURES.items():
        report = services.report_open(
            actor=SYSTEM,
            schedule=schedule,
            year=2023,
            period=period,
            unit=unit,
            today=datetime.date(2023, 12, 31),
        )
        if report.status == PeriodicReport.Status.SUBMITTED:
            continue
        _fill(report, figures)
        due = services.occurrence_due(schedule, 2023, period)
        sent = local_datetime(due - datetime.timedelta(days=2), 9)
        services.report_submit(actor=SYSTEM, report=report, now=sent)
