"""Initiatives in every state on each demo tenant's live plan (`campaign.demo`), made through
the services as the users would, so each login finds work on the day the demo is loaded:

- the head's school (logins `<tenant>-head` and `<tenant>-staff`): one item accepted and
  scored, one returned with the reviewer's comment, one rejected, one waiting for review
  (all sent on time for Đợt 1), and a draft for Đợt 2, due in 7 days;
- another school sent two items this morning, after Đợt 1 closed: both marked late, one
  accepted, one waiting for review;
- a third school (where there is one) has sent nothing: late on the reviewer's board;
- the reviewer has gathered the accepted items into a consolidation list (a draft).
Idempotent: a tenant whose live plan already holds initiatives is left as it is.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from campaign.demo import DAY, LIVE_PLANS, Cast, live_cast
from campaign.models import DeadlineKind
from core.dates import local_datetime
from units.models import Person
from units.permissions import SYSTEM

from . import services
from .models import Consolidation, Initiative
from .selectors import level_criteria

SCHOOL_ITEMS = [
    # name, kind, area, what happens, the reviewer's comment
    (
        "Tiếp nhận hồ sơ tuyển sinh đầu cấp trực tuyến",
        "solution",
        "procedures",
        "scored",
        "",
    ),
    (
        "Số hóa hồ sơ học sinh và sổ điểm điện tử",
        "model",
        "digital",
        "returned",
        "Đề nghị bổ sung các bước thực hiện và kết quả dự kiến bằng số liệu cụ thể (tỷ lệ hồ sơ "
        "được số hóa, thời gian tiết kiệm được cho giáo viên).",
    ),
    (
        "Niêm yết thủ tục hành chính tại bảng tin của trường",
        "good_practice",
        "procedures",
        "rejected",
        "Niêm yết thủ tục hành chính là nhiệm vụ thường xuyên theo quy định, chưa phải mô hình, "
        "giải pháp mới; đề nghị đơn vị đăng ký nội dung khác ở Đợt 2.",
    ),
    (
        "Thu học phí không dùng tiền mặt qua ứng dụng ngân hàng",
        "solution",
        "public_finance",
        "submitted",
        "",
    ),
]
LATE_ITEMS = [
    ("Ký số văn bản đi và hồ sơ kế toán của trường", "solution", "digital", "accepted"),
    ("Sổ liên lạc điện tử giữa nhà trường và phụ huynh", "model", "digital", "submitted"),
]
DRAFT = (
    "Khảo sát sự hài lòng của phụ huynh bằng biểu mẫu trực tuyến",
    "initiative",
    "satisfaction",
)
SCORES = [8, 9, 7, 8, 9]  # seed 002's five criteria, out of 10 each


def _text(name: str, unit) -> dict:
    return {
        "situation": f"Trước đây công việc “{name.lower()}” tại {unit.name} thực hiện thủ "
        "công, mất nhiều thời gian của giáo viên và phụ huynh.",
        "objectives": "Rút ngắn thời gian xử lý, công khai, minh bạch; giảm giấy tờ.",
        "steps": "Khảo sát hiện trạng; xây dựng quy trình; tập huấn giáo viên, nhân viên; "
        "triển khai thí điểm một học kỳ rồi đánh giá, nhân rộng.",
        "expected_results": "100% hồ sơ được xử lý trên môi trường điện tử; thời gian xử lý "
        "giảm một nửa; phụ huynh hài lòng từ 95% trở lên.",
        "scope": "Có thể áp dụng tại các trường trong quận, huyện.",
    }


def _register(cast: Cast, unit, deadline, name, kind, area, actor, person=None):
    return services.initiative_create(
        actor=actor,
        deadline=deadline,
        unit=unit,
        name=name,
        kind=kind,
        area=area,
        person_in_charge=person,
        authors=[person] if person else None,
        **_text(name, unit),
    )


@transaction.atomic
def _load(cast: Cast, today: datetime.date) -> None:
    if Initiative.objects.filter(campaign=cast.campaign).exists():
        return
    first = cast.deadline(DeadlineKind.REGISTRATION, 1)
    second = cast.deadline(DeadlineKind.REGISTRATION, 2)
    school, staff, head, reviewer = cast.head_school, cast.staff, cast.head, cast.reviewer
    principal = Person.objects.filter(unit=school, position="Hiệu trưởng").first()
    for days_ago, (name, kind, area, fate, comment) in zip((6, 5, 4, 2), SCHOOL_ITEMS, strict=True):
        item = _register(cast, school, first, name, kind, area, staff, principal)
        item = services.initiative_submit(
            actor=head, initiative=item, now=local_datetime(today - days_ago * DAY, 10)
        )
        if fate == "returned":
            services.initiative_return(actor=reviewer, initiative=item, comment=comment)
        elif fate == "rejected":
            services.initiative_reject(actor=reviewer, initiative=item, comment=comment)
        elif fate == "scored":
            item = services.initiative_accept(
                actor=reviewer, initiative=item, comment="Giải pháp thiết thực, đề nghị nhân rộng."
            )
            criteria = list(level_criteria(item))
            services.score_save(
                actor=reviewer,
                initiative=item,
                points={c.pk: points for c, points in zip(criteria, SCORES, strict=False)},
            )
    name, kind, area = DRAFT
    _register(cast, school, second, name, kind, area, staff, principal)
    if cast.late_sender is not None:
        for minutes, (name, kind, area, fate) in enumerate(LATE_ITEMS):
            item = _register(cast, cast.late_sender, first, name, kind, area, SYSTEM)
            # This morning, after Đợt 1 closed (never later than now).
            sent = min(local_datetime(today, 8, minutes * 5), timezone.now())
            item = services.initiative_submit(actor=SYSTEM, initiative=item, now=sent)
            if fate == "accepted":
                services.initiative_accept(actor=reviewer, initiative=item)
    if not Consolidation.objects.filter(deadline=first).exists():
        services.consolidation_create(actor=reviewer, deadline=first)


def load_demo_initiatives() -> None:
    today = timezone.localdate()
    for slug in LIVE_PLANS:
        cast = live_cast(slug, today)
        if cast is not None:
            _load(cast, today)
