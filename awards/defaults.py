"""What a new tenant's awards start with (the `tenant_defaults` hook of this app, called by
`units.services.tenant_onboard`): the council settings, and award types for its kind of body,
ready for the tenant administrator to edit. Idempotent.

Who confers what, for the root unit's kind (Luật Thi đua, khen thưởng 2022; Nghị định
152/2025/NĐ-CP; Thông tư 15/2025/TT-BNV; after the 2025 reform the chair of the commune or ward
People's Committee confers "Lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Tập thể lao động
tiên tiến" and Giấy khen):
- a body that confers awards itself (UBND xã/phường, UBND huyện until 30/6/2025, Sở): its head
  ("Chủ tịch Ủy ban nhân dân phường Sài Gòn", "Giám đốc Sở Giáo dục và Đào tạo tỉnh Lào Cai");
  "Tập thể lao động xuất sắc" by the head of its governing body (the province);
- a Bộ or a provincial People's Committee: Bằng khen of its head, and the collective title;
- an office, a school or another public service unit as the tenant's root: the head of its
  governing body, as printed on its letterhead ("Ủy ban nhân dân phường …" → its Chủ tịch).
"Chiến sĩ thi đua cơ sở" needs "Lao động tiên tiến" and either an excellent rating or a
recognised initiative; the award type cannot say "either", so the default asks for an
accepted initiative (this is a CCHC initiatives platform) and the criteria say the rest.
"""

from core.text import fold
from documents import legal

from .models import AwardSettings, AwardType, Rating, Subject

# Seed 000, III.3.b: the dossier of a proposal (one set).
DOSSIER_PARTS = [
    "Tờ trình đề nghị khen thưởng của cấp trình khen thưởng",
    "Biên bản họp Hội đồng Thi đua - Khen thưởng của cấp trình khen thưởng",
    "Báo cáo thành tích, Báo cáo tóm tắt thành tích của tập thể, cá nhân",
]
INITIATIVE_PROOF = "Văn bản công nhận sáng kiến, giải pháp được áp dụng có hiệu quả"
# Seed 000, III.2.
CERTIFICATE_CRITERIA = (
    "Tập thể, cá nhân có thành tích xuất sắc trong triển khai, thực hiện phong trào thi đua cải "
    "cách hành chính hằng năm đạt mức “Hoàn thành tốt nhiệm vụ” trở lên. Không xem xét, đề nghị "
    "khen thưởng đối với tập thể có cá nhân vi phạm quy tắc ứng xử, có hành vi nhũng nhiễu."
)
TITLES = [
    # name, subject, lowest rating, needs an accepted initiative, criteria, confers: local|upper
    (
        "Lao động tiên tiến",
        Subject.INDIVIDUAL,
        Rating.GOOD,
        False,
        "Hoàn thành tốt nhiệm vụ được giao; chấp hành tốt chủ trương, chính sách của Đảng, pháp "
        "luật của Nhà nước; có tinh thần tự lực, tự cường, đoàn kết, tương trợ, tích cực tham "
        f"gia phong trào thi đua ({legal.short(legal.LAW_EMULATION)}).",
        "local",
    ),
    (
        "Chiến sĩ thi đua cơ sở",
        Subject.INDIVIDUAL,
        Rating.GOOD,
        True,
        "Đạt danh hiệu “Lao động tiên tiến” và hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến, "
        "giải pháp được cơ quan có thẩm quyền công nhận "
        f"({legal.short(legal.LAW_EMULATION)}).",
        "local",
    ),
    (
        "Tập thể lao động tiên tiến",
        Subject.COLLECTIVE,
        Rating.GOOD,
        False,
        "Hoàn thành tốt nhiệm vụ và kế hoạch được giao; có phong trào thi đua thường xuyên, "
        "thiết thực, hiệu quả; có trên 50% cá nhân đạt danh hiệu “Lao động tiên tiến”; không có "
        "cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên; nội bộ đoàn kết, chấp hành tốt chủ "
        "trương, chính sách của Đảng, pháp luật của Nhà nước.",
        "local",
    ),
    (
        "Tập thể lao động xuất sắc",
        Subject.COLLECTIVE,
        Rating.EXCELLENT,
        False,
        "Sáng tạo, vượt khó hoàn thành xuất sắc nhiệm vụ; có phong trào thi đua thường xuyên, "
        "thiết thực, hiệu quả; 100% cá nhân hoàn thành nhiệm vụ, trong đó ít nhất 70% đạt danh "
        "hiệu “Lao động tiên tiến”; có cá nhân đạt danh hiệu “Chiến sĩ thi đua cơ sở”; không có "
        "cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên; nội bộ đoàn kết.",
        "upper",
    ),
]
# Kinds of body whose head confers awards; the top ones confer Bằng khen, not Giấy khen.
SELF_CONFERRING = {"bo", "ubnd-tinh", "ubnd-huyen", "ubnd-xa", "so"}
TOP_LEVEL = {"bo", "ubnd-tinh"}


def _head_of(body: str) -> str:
    """The title of a body's head, from its name: "Ủy ban nhân dân …" → "Chủ tịch"."""
    folded = fold(body)
    if folded.startswith(("uy ban nhan dan", "ubnd")):
        return "Chủ tịch"
    if folded.startswith("so "):
        return "Giám đốc"
    if folded.startswith("bo "):
        return "Bộ trưởng"
    return "Thủ trưởng"


def _authority(body: str) -> str:
    body = " ".join((body or "").split())
    return f"{_head_of(body)} {body}" if body else ""


def conferring_authorities(root) -> tuple[str, str]:
    """(who confers the body's own awards, who confers the collective title above it)."""
    kind = root.kind.code
    if kind in SELF_CONFERRING:
        local = _authority(root.name)
        upper = local if kind in TOP_LEVEL else _authority(root.parent_body_name)
        return local, upper
    return _authority(root.parent_body_name) or _authority(root.name), ""


def award_types_ensure(*, tenant, root) -> list[AwardType]:
    """The default award types for a tenant whose root unit is `root`; a type of the same name
    and subject that exists already is kept as the administrator left it."""
    local, upper = conferring_authorities(root)
    form = "Bằng khen" if root.kind.code in TOP_LEVEL else "Giấy khen"
    wanted = [
        (
            f"{form} của {local}" if local else form,
            subject,
            Rating.GOOD,
            False,
            CERTIFICATE_CRITERIA,
            local,
        )
        for subject in (Subject.COLLECTIVE, Subject.INDIVIDUAL)
    ]
    wanted += [
        (name, subject, rating, needs, criteria, local if level == "local" else upper)
        for name, subject, rating, needs, criteria, level in TITLES
    ]
    created = []
    for name, subject, rating, needs_initiative, criteria, authority in wanted:
        parts = [*DOSSIER_PARTS, INITIATIVE_PROOF] if needs_initiative else list(DOSSIER_PARTS)
        award_type, _ = AwardType.objects.get_or_create(
            tenant=tenant,
            name=name,
            subject=subject,
            defaults={
                "conferring_authority": authority,
                "criteria": criteria,
                "dossier_parts": parts,
                "min_rating": rating,
                "requires_accepted_initiative": needs_initiative,
            },
        )
        created.append(award_type)
    return created


def tenant_defaults_create(*, tenant, root) -> None:
    AwardSettings.objects.get_or_create(tenant=tenant)
    award_types_ensure(tenant=tenant, root=root)
