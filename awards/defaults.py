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
"Chiến sĩ thi đua cơ sở" needs "Lao động tiên tiến" and an initiative recognised at unit level
by a decision (the award type cannot say "or an excellent rating"; the criteria say the rest).

The law's eligibility rules per title (`LAW`) are the floor of an award type of that title: the
tenant may tighten them, never loosen them (`AwardType.clean` refuses, through
`law_violations`). `TITLE_RULES` are the defaults a new award type of the title starts with;
where DOMAIN.md says "unconfirmed" they are defaults only, never a floor:
- pending verifications (discipline, investigation, inspection, complaint or denunciation,
  press report) hold every award back until concluded, and achievements count from the end of
  a discipline (Nghị định 152/2025/NĐ-CP, Art. 4): every title, a floor;
- "Tập thể lao động tiên tiến" and "Tập thể lao động xuất sắc": no member disciplined at
  warning level or above in the year (Luật Thi đua, khen thưởng 2022): a floor;
- "Lao động tiên tiến" and "Chiến sĩ thi đua cơ sở": no discipline of the person in the year
  (from a reprimand up; a floor — the person's rating of a disciplined year is below "Hoàn thành
  tốt nhiệm vụ" anyway) and at least 10 months worked in the year, maternity leave counted
  (a default, unconfirmed under the 2025 texts);
- "Chiến sĩ thi đua cơ sở": an initiative recognised at unit level (Luật 2022): a floor;
- an initiative supports one award (Công văn 5007/BNV-TĐKT, unconfirmed whether still
  current): a default;
- the seeds' veto of a collective whose member broke the code of conduct or harassed citizens
  (seeds 000, 002): a default, not the law.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.text import fold
from documents import legal

from .models import (
    DISCIPLINE_RANK,
    INITIATIVE_RULE_RANK,
    AwardSettings,
    AwardType,
    DisciplineLevel,
    InitiativeRule,
    LegalTitle,
    Rating,
    Subject,
    VoteBase,
)

LAW_2022 = legal.short(legal.LAW_EMULATION)
DECREE_152_ART_4 = f"{legal.short(legal.DECREE_EMULATION)}, Điều 4"
MOHA_5007 = legal.short(legal.LETTER_INITIATIVE_ONCE)
SEEDS = "kế hoạch thi đua của đơn vị"


@dataclass(frozen=True)
class LawRule:
    """What the law asks of an award of one title: the floor of its award types."""

    subject: str | None = None
    person_level: str = ""  # the lowest discipline of the nominee that bars; "": none
    member_level: str = ""  # the lowest discipline of a member that bars the collective
    initiative: str = InitiativeRule.NONE
    basis: str = LAW_2022


_INDIVIDUAL_TITLE = {
    "subject": Subject.INDIVIDUAL,
    "person_level": DisciplineLevel.REPRIMAND,
    "basis": f"{LAW_2022}; {legal.short(legal.DECREE_EMULATION)}",
}
LAW = {
    LegalTitle.ADVANCED_WORKER: LawRule(**_INDIVIDUAL_TITLE),
    LegalTitle.EMULATION_FIGHTER: LawRule(
        **_INDIVIDUAL_TITLE, initiative=InitiativeRule.RECOGNISED
    ),
    LegalTitle.ADVANCED_COLLECTIVE: LawRule(
        subject=Subject.COLLECTIVE, member_level=DisciplineLevel.WARNING
    ),
    LegalTitle.EXCELLENT_COLLECTIVE: LawRule(
        subject=Subject.COLLECTIVE, member_level=DisciplineLevel.WARNING
    ),
    LegalTitle.CERTIFICATE: LawRule(),
    LegalTitle.MERIT: LawRule(),
    LegalTitle.OTHER: LawRule(),
}

BREACHES = ["code_of_conduct", "harassment"]
_COMMON = {
    "pending_bars": True,
    "counts_from_discipline_end": True,
    "initiative_reuse": False,
    "person_breach_kinds": BREACHES,
    "member_breach_kinds": BREACHES,
}
# The rules an award type of each title starts with (the law's, and the defaults above).
TITLE_RULES = {
    LegalTitle.ADVANCED_WORKER: {
        **_COMMON,
        "person_discipline_level": DisciplineLevel.REPRIMAND,
        "member_discipline_level": "",
        "min_months_worked": 10,
        "initiative_rule": InitiativeRule.NONE,
    },
    LegalTitle.EMULATION_FIGHTER: {
        **_COMMON,
        "person_discipline_level": DisciplineLevel.REPRIMAND,
        "member_discipline_level": "",
        "min_months_worked": 10,
        "initiative_rule": InitiativeRule.RECOGNISED,
    },
    LegalTitle.ADVANCED_COLLECTIVE: {
        **_COMMON,
        "person_discipline_level": DisciplineLevel.REPRIMAND,
        "member_discipline_level": DisciplineLevel.WARNING,
        "min_months_worked": 0,
        "initiative_rule": InitiativeRule.NONE,
    },
    LegalTitle.EXCELLENT_COLLECTIVE: {
        **_COMMON,
        "person_discipline_level": DisciplineLevel.REPRIMAND,
        "member_discipline_level": DisciplineLevel.WARNING,
        "min_months_worked": 0,
        "initiative_rule": InitiativeRule.NONE,
    },
}
for _title in (LegalTitle.CERTIFICATE, LegalTitle.MERIT, LegalTitle.OTHER):
    TITLE_RULES[_title] = {
        **_COMMON,
        "person_discipline_level": DisciplineLevel.REPRIMAND,
        "member_discipline_level": "",
        "min_months_worked": 0,
        "initiative_rule": InitiativeRule.NONE,
    }


def legal_title_of(name: str) -> str:
    """The title of the law an award type's name is: "Tập thể Lao động xuất sắc" →
    EXCELLENT_COLLECTIVE, "Giấy khen của …" → CERTIFICATE; OTHER when none matches."""
    folded = fold(name)
    for prefix, title in (
        ("tap the lao dong xuat sac", LegalTitle.EXCELLENT_COLLECTIVE),
        ("tap the lao dong tien tien", LegalTitle.ADVANCED_COLLECTIVE),
        ("chien si thi dua co so", LegalTitle.EMULATION_FIGHTER),
        ("lao dong tien tien", LegalTitle.ADVANCED_WORKER),
        ("giay khen", LegalTitle.CERTIFICATE),
        ("bang khen", LegalTitle.MERIT),
    ):
        if folded.startswith(prefix):
            return title
    return LegalTitle.OTHER


def _level_label(level: str) -> str:
    return str(DisciplineLevel(level).label).lower()


def _looser(level: str, floor: str) -> bool:
    return bool(floor) and (not level or DISCIPLINE_RANK[level] > DISCIPLINE_RANK[floor])


def law_violations(award: AwardType) -> dict[str, list[str]]:
    """{field: [message]} for each rule of `award` looser than the law's for its title."""
    law = LAW.get(award.legal_title, LAW[LegalTitle.OTHER])
    title = LegalTitle(award.legal_title).label if award.legal_title else ""
    errors: dict[str, list[str]] = {}
    if law.subject and award.subject and award.subject != law.subject:
        errors["subject"] = [
            _("“%(title)s” is awarded to %(subject)s.")
            % {"title": title, "subject": str(Subject(law.subject).label).lower()}
        ]
    if not award.pending_bars:
        errors["pending_bars"] = [
            _(
                "The law holds every award back while a discipline, investigation, inspection, "
                "complaint, denunciation or press report is being verified (%(basis)s): this "
                "rule cannot be turned off."
            )
            % {"basis": DECREE_152_ART_4}
        ]
    if not award.counts_from_discipline_end:
        errors["counts_from_discipline_end"] = [
            _(
                "The law counts achievements from the end of a discipline (%(basis)s): this "
                "rule cannot be turned off."
            )
            % {"basis": DECREE_152_ART_4}
        ]
    for field, floor, message in (
        (
            "person_discipline_level",
            law.person_level,
            _(
                "“%(title)s” is not awarded to a person disciplined from %(level)s up in the "
                "year (%(basis)s): choose %(level)s or a lighter form, not a heavier one or none."
            ),
        ),
        (
            "member_discipline_level",
            law.member_level,
            _(
                "“%(title)s” is not awarded to a collective with a member disciplined from "
                "%(level)s up in the year (%(basis)s): choose %(level)s or a lighter form, not "
                "a heavier one or none."
            ),
        ),
    ):
        if _looser(getattr(award, field), floor):
            errors[field] = [
                message % {"title": title, "level": _level_label(floor), "basis": law.basis}
            ]
    if INITIATIVE_RULE_RANK[award.initiative_rule] < INITIATIVE_RULE_RANK[law.initiative]:
        errors["initiative_rule"] = [
            _("“%(title)s” needs at least: %(rule)s (%(basis)s).")
            % {
                "title": title,
                "rule": str(InitiativeRule(law.initiative).label).lower(),
                "basis": law.basis,
            }
        ]
    return errors


def rule_basis(award: AwardType, field: str) -> str:
    """The legal text a reason cites for the award type's rule `field`: the law when the rule
    is the law's, the unit's own rules when the tenant tightened it or the law sets none."""
    law = LAW.get(award.legal_title, LAW[LegalTitle.OTHER])
    floor = {
        "person_discipline_level": law.person_level,
        "member_discipline_level": law.member_level,
        "initiative_rule": law.initiative if law.initiative != InitiativeRule.NONE else "",
    }.get(field, "")
    if floor and getattr(award, field) == floor:
        return law.basis
    return _("the award type's own rule")


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
    # name, subject, lowest rating, title in the law, criteria, confers: local|upper
    (
        "Lao động tiên tiến",
        Subject.INDIVIDUAL,
        Rating.GOOD,
        LegalTitle.ADVANCED_WORKER,
        "Hoàn thành tốt nhiệm vụ được giao; chấp hành tốt chủ trương, chính sách của Đảng, pháp "
        "luật của Nhà nước; có tinh thần tự lực, tự cường, đoàn kết, tương trợ, tích cực tham "
        f"gia phong trào thi đua ({legal.short(legal.LAW_EMULATION)}).",
        "local",
    ),
    (
        "Chiến sĩ thi đua cơ sở",
        Subject.INDIVIDUAL,
        Rating.GOOD,
        LegalTitle.EMULATION_FIGHTER,
        "Đạt danh hiệu “Lao động tiên tiến” và hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến, "
        "giải pháp được cơ quan có thẩm quyền công nhận "
        f"({legal.short(legal.LAW_EMULATION)}).",
        "local",
    ),
    (
        "Tập thể lao động tiên tiến",
        Subject.COLLECTIVE,
        Rating.GOOD,
        LegalTitle.ADVANCED_COLLECTIVE,
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
        LegalTitle.EXCELLENT_COLLECTIVE,
        "Sáng tạo, vượt khó hoàn thành xuất sắc nhiệm vụ; có phong trào thi đua thường xuyên, "
        "thiết thực, hiệu quả; 100% cá nhân hoàn thành nhiệm vụ, trong đó ít nhất 70% đạt danh "
        "hiệu “Lao động tiên tiến”; có cá nhân đạt danh hiệu “Chiến sĩ thi đua cơ sở”; không có "
        "cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên; nội bộ đoàn kết.",
        "upper",
    ),
]
# A body at province or department level proposes (a Sở) or confers (a province) the higher
# individual title; a Bộ confers its own.
PROVINCE_TITLE = (
    "Chiến sĩ thi đua cấp tỉnh",
    "Có thành tích tiêu biểu xuất sắc được lựa chọn trong số những cá nhân có ba lần liên tục "
    "đạt danh hiệu “Chiến sĩ thi đua cơ sở”; có sáng kiến được áp dụng hiệu quả và có khả năng "
    f"nhân rộng trong phạm vi tỉnh ({LAW_2022}).",
)
PROVINCE_LEVEL = {"so", "ubnd-tinh"}

# How the council votes (DOMAIN "Council votes": education practice, unconfirmed under the 2025
# texts, so the tenant administrator may change it per type): base-level titles and forms at
# least 70% of those attending and consulted, by show of hands; the higher titles ("Chiến sĩ
# thi đua cấp Bộ / cấp tỉnh", "toàn quốc") a secret ballot with at least 90% of all members,
# absent members voting in writing.
BASE_LEVEL_VOTE = {"vote_base": VoteBase.ATTENDING, "vote_threshold": 70, "secret_ballot": False}
HIGHER_TITLE_VOTE = {"vote_base": VoteBase.ALL_MEMBERS, "vote_threshold": 90, "secret_ballot": True}


def vote_rule(name: str) -> dict:
    """The council's rule for an award of this name (its AwardType fields)."""
    folded = fold(name)
    higher = folded.startswith("chien si thi dua") and "co so" not in folded
    return dict(HIGHER_TITLE_VOTE if higher else BASE_LEVEL_VOTE)


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
    legal_form = LegalTitle.MERIT if root.kind.code in TOP_LEVEL else LegalTitle.CERTIFICATE
    wanted = [
        (
            f"{form} của {local}" if local else form,
            subject,
            Rating.GOOD,
            legal_form,
            CERTIFICATE_CRITERIA,
            local,
        )
        for subject in (Subject.COLLECTIVE, Subject.INDIVIDUAL)
    ]
    wanted += [
        (name, subject, rating, title, criteria, local if level == "local" else upper)
        for name, subject, rating, title, criteria, level in TITLES
    ]
    if root.kind.code in PROVINCE_LEVEL:
        wanted.append(
            (
                PROVINCE_TITLE[0],
                Subject.INDIVIDUAL,
                Rating.EXCELLENT,
                LegalTitle.OTHER,  # no title of its own in `LAW`: the criteria say the rest
                PROVINCE_TITLE[1],
                upper,
            )
        )
    created = []
    for name, subject, rating, title, criteria, authority in wanted:
        rules = TITLE_RULES[title]
        needs_initiative = rules["initiative_rule"] != InitiativeRule.NONE
        parts = [*DOSSIER_PARTS, INITIATIVE_PROOF] if needs_initiative else list(DOSSIER_PARTS)
        award_type, _created = AwardType.objects.get_or_create(
            tenant=tenant,
            name=name,
            subject=subject,
            defaults={
                "conferring_authority": authority,
                "criteria": criteria,
                "dossier_parts": parts,
                "min_rating": rating,
                "legal_title": title,
                **{k: list(v) if isinstance(v, list) else v for k, v in rules.items()},
                **vote_rule(name),
            },
        )
        created.append(award_type)
    return created


def tenant_defaults_create(*, tenant, root) -> None:
    AwardSettings.objects.get_or_create(tenant=tenant)
    award_types_ensure(tenant=tenant, root=root)
