"""Demo awards: on each demo tenant's live plan of this school year (`campaign.demo`), the
head's school proposes itself and its principal, and the school that sent late proposes
itself; all three nominations wait for the council of the award officer (`<tenant>-officer`),
who can hold it and produce the dossier on `make run`. The award types are each tenant's
defaults (`awards.defaults`, given by `units.demo.load_demo` through the `tenant_defaults`
hook), so every tenant's principals can nominate. Nhà Bè keeps the seed 000 wording and an
earlier award on record for its principal. Idempotent: a unit already nominated on the plan
is skipped."""

from django.db import transaction
from django.utils import timezone

from campaign.demo import LIVE_PLANS, Cast, live_cast
from initiatives.models import Initiative
from units.models import Person
from units.permissions import SYSTEM

from . import services
from .models import AwardRecord, AwardType, Nomination, Rating, Subject, recognised_filter

CHIEN_SI = "Chiến sĩ thi đua cơ sở"
LAO_DONG = "Lao động tiên tiến"
LAO_DONG_TIEN_TIEN = "Tập thể lao động tiên tiến"
ACHIEVEMENTS = {
    # tenant: (the head's school, its principal, the late school)
    "nha-be": (
        "Triển khai tiếp nhận hồ sơ tuyển sinh trực tuyến; 100% văn bản đi được ký số; "
        "không có hồ sơ trễ hạn; phụ huynh hài lòng 98,5%.",
        "Chủ trì giải pháp “Tuyển sinh trực tuyến đầu cấp”, rút ngắn thời gian tiếp nhận hồ sơ "
        "từ 3 ngày còn 1 ngày; hoàn thành xuất sắc nhiệm vụ năm học.",
        "Niêm yết công khai thủ tục hành chính; thanh toán học phí không dùng tiền mặt đạt 96%.",
    ),
}
DEFAULT_ACHIEVEMENTS = (
    "Tiếp nhận hồ sơ tuyển sinh đầu cấp trực tuyến; 100% văn bản đi được ký số; không có hồ "
    "sơ trễ hạn; phụ huynh hài lòng trên 98%.",
    "Chủ trì giải pháp “Tiếp nhận hồ sơ tuyển sinh đầu cấp trực tuyến”, được Phòng tiếp nhận "
    "và chấm điểm; hoàn thành xuất sắc nhiệm vụ năm học.",
    "Ký số 100% văn bản đi và hồ sơ kế toán; thanh toán học phí không dùng tiền mặt đạt 96%.",
)
NHA_BE_AWARD = "Giấy khen của Chủ tịch Ủy ban nhân dân huyện Nhà Bè"


def _types(tenant) -> dict[str, AwardType]:
    types = AwardType.objects.filter(tenant=tenant).order_by("id")
    found = {t.name: t for t in types}
    # The tenant's own certificate for collectives: the first default, "Giấy khen của …".
    found["certificate"] = next(
        t for t in types if t.subject == Subject.COLLECTIVE and "khen của" in t.name
    )
    return found


@transaction.atomic
def _load(cast: Cast, year: int) -> None:
    campaign = cast.campaign
    if Nomination.objects.filter(campaign=campaign).exists():
        return
    tenant = campaign.tenant
    types = _types(tenant)
    school, principal_text, late_text = ACHIEVEMENTS.get(tenant.slug, DEFAULT_ACHIEVEMENTS)
    head_school = cast.head_school
    principal = Person.objects.filter(unit=head_school, position="Hiệu trưởng").first()
    accepted = Initiative.objects.filter(
        campaign=campaign, unit=head_school, status=Initiative.Status.ACCEPTED
    )
    # "Chiến sĩ thi đua cơ sở" needs an initiative recognised by a decision; until the school
    # has recognised one, its principal is proposed for "Lao động tiên tiến".
    recognised = accepted.filter(recognised_filter())
    principal_award = types[CHIEN_SI] if recognised.exists() else types[LAO_DONG]
    wanted = [
        (head_school, None, types["certificate"], Rating.EXCELLENT, school, (), cast.head),
        (
            head_school,
            principal,
            principal_award,
            Rating.EXCELLENT,
            principal_text,
            recognised if recognised.exists() else accepted,
            cast.head,
        ),
        (cast.late_sender, None, types[LAO_DONG_TIEN_TIEN], Rating.GOOD, late_text, (), SYSTEM),
    ]
    for unit, person, award_type, rating, achievements, initiatives, actor in wanted:
        if unit is None or (award_type.subject == Subject.INDIVIDUAL and person is None):
            continue
        if person is not None and tenant.slug == "nha-be":
            AwardRecord.objects.get_or_create(
                tenant=tenant,
                unit=unit,
                person=person,
                year=year - 1,
                title=NHA_BE_AWARD,
                defaults={
                    "decision": f"2150/QĐ-UBND ngày 20/10/{year - 1}",
                    "issued_by": "Ủy ban nhân dân huyện Nhà Bè",
                },
            )
        nomination = services.nomination_save(
            actor=actor,
            unit=unit,
            campaign=campaign,
            award_type=award_type,
            person=person,
            year=year,
            rating=rating,
            achievements=achievements,
            initiatives=initiatives,
        )
        services.nomination_submit(actor=actor, nomination=nomination)


def load_demo_awards() -> None:
    today = timezone.localdate()
    for slug in LIVE_PLANS:
        cast = live_cast(slug, today)
        if cast is not None:
            _load(cast, today.year)
