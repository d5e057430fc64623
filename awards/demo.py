"""Demo awards for Huyện Nhà Bè (seed 000: "Giấy khen của Ủy ban nhân dân Huyện" for
collectives and individuals "Hoàn thành tốt nhiệm vụ" or better): the award types, an earlier
award on record, and three nominations of the Phòng GD&ĐT's plan sent to its council, so the
award officer (nha-be-officer) can hold the council and produce the dossier on `make run`.
Idempotent."""

from campaign.models import Campaign
from units.models import Person, Unit

from . import services
from .defaults import CERTIFICATE_CRITERIA as CRITERIA
from .defaults import DOSSIER_PARTS
from .models import AwardRecord, AwardType, Nomination, Subject

AUTHORITY = "Chủ tịch Ủy ban nhân dân huyện Nhà Bè"
NOMINATIONS = [
    # unit code, person (or None for the collective), achievements
    (
        "MNSC",
        None,
        "Triển khai tiếp nhận hồ sơ tuyển sinh trực tuyến; 100% văn bản đi được ký số; "
        "không có hồ sơ trễ hạn; phụ huynh hài lòng 98,5%.",
    ),
    (
        "MNHM",
        None,
        "Niêm yết công khai thủ tục hành chính; thanh toán học phí không dùng tiền mặt đạt 96%.",
    ),
    (
        "MNSC",
        "Lê Thị Mỹ Hạnh",
        "Chủ trì giải pháp “Tuyển sinh trực tuyến đầu cấp”, rút ngắn thời gian tiếp nhận hồ sơ "
        "từ 3 ngày còn 1 ngày; hoàn thành xuất sắc nhiệm vụ năm học.",
    ),
]


def load_demo_awards() -> None:
    office = Unit.objects.filter(tenant__slug="nha-be", code="GDĐT").first()
    campaign = Campaign.objects.filter(issuing_unit=office).first() if office else None
    if campaign is None:
        return
    tenant = office.tenant
    types = {}
    # One award form for both: the type's subject tells them apart.
    for subject in (Subject.COLLECTIVE, Subject.INDIVIDUAL):
        types[subject], _ = AwardType.objects.get_or_create(
            tenant=tenant,
            subject=subject,
            name="Giấy khen của Chủ tịch Ủy ban nhân dân huyện Nhà Bè",
            defaults={
                "conferring_authority": AUTHORITY,
                "criteria": CRITERIA,
                "dossier_parts": DOSSIER_PARTS,
            },
        )
    year = campaign.start_date.year
    for code, full_name, achievements in NOMINATIONS:
        unit = Unit.objects.get(tenant=tenant, code=code)
        person = Person.objects.get(unit=unit, full_name=full_name) if full_name else None
        if Nomination.objects.filter(unit=unit, person=person, campaign=campaign).exists():
            continue
        if person is not None:
            AwardRecord.objects.get_or_create(
                tenant=tenant,
                unit=unit,
                person=person,
                year=year - 1,
                title="Giấy khen của Chủ tịch Ủy ban nhân dân huyện Nhà Bè",
                defaults={
                    "decision": f"2150/QĐ-UBND ngày 20/10/{year - 1}",
                    "issued_by": "Ủy ban nhân dân huyện Nhà Bè",
                },
            )
        nomination = services.nomination_save(
            actor=None,
            unit=unit,
            campaign=campaign,
            award_type=types[Subject.INDIVIDUAL if person else Subject.COLLECTIVE],
            person=person,
            year=year,
            rating="excellent",
            achievements=achievements,
        )
        services.nomination_submit(actor=None, nomination=nomination)
