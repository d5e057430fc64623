"""Demo awards for Huyện Nhà Bè (seed 000: "Giấy khen của Ủy ban nhân dân Huyện" for
collectives and individuals "Hoàn thành tốt nhiệm vụ" or better): the award types, an earlier
award on record, and three nominations of the Phòng GD&ĐT's plan sent to its council, so the
award officer (nha-be-officer) can hold the council and produce the dossier on `make run`.
Idempotent."""

from campaign.models import Campaign
from units.models import Person, Unit

from . import services
from .models import AwardRecord, AwardType, Nomination, Subject

AUTHORITY = "Chủ tịch Ủy ban nhân dân huyện Nhà Bè"
DOSSIER_PARTS = [
    "Tờ trình đề nghị khen thưởng của cấp trình khen thưởng",
    "Biên bản họp Hội đồng Thi đua - Khen thưởng của cấp trình khen thưởng",
    "Báo cáo thành tích, Báo cáo tóm tắt thành tích của tập thể, cá nhân",
]
CRITERIA = (
    "Tập thể, cá nhân có thành tích xuất sắc trong triển khai, thực hiện phong trào thi đua cải "
    "cách hành chính hằng năm đạt mức “Hoàn thành tốt nhiệm vụ” trở lên. Không xem xét, đề nghị "
    "khen thưởng đối với tập thể có cá nhân vi phạm quy tắc ứng xử, có hành vi nhũng nhiễu."
)
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
