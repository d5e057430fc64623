"""Eligibility as data, per award type (issue 19): the law's rules are the defaults of its titles
and their floor; the conduct record knows the verifications of Nghị định 152/2025/NĐ-CP Art. 4
and the form of a discipline; maternity leave counts as time worked; a recognised initiative
supports one award."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import services
from awards.admin_forms import AwardTypeAdminForm
from awards.defaults import TITLE_RULES, legal_title_of
from awards.models import (
    AwardType,
    ConductRecord,
    LegalTitle,
    Nomination,
    RecognisedInitiative,
    Recognition,
    Subject,
)
from documents.models import DocumentType
from documents.services import number_allocate
from tests.factories import PersonFactory, accepted_initiative, campaign, member
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

Kind = ConductRecord.Kind
CONSIDERED_ON = datetime.date(2025, 1, 20)


@pytest.fixture
def plan(tree):
    return campaign(tree["office_a"], launch_on=datetime.date(2024, 3, 20))


@pytest.fixture
def teacher(tree):
    return PersonFactory(unit=tree["a1"], full_name="Nguyễn Thị Lan")


def titled(tenant, title: str, name: str, **fields) -> AwardType:
    """An award type of the law's `title` with its default rules, as a new tenant has it."""
    law_subject = (
        Subject.COLLECTIVE
        if title in (LegalTitle.ADVANCED_COLLECTIVE, LegalTitle.EXCELLENT_COLLECTIVE)
        else Subject.INDIVIDUAL
    )
    return AwardType.objects.create(
        tenant=tenant,
        name=name,
        subject=fields.pop("subject", law_subject),
        legal_title=title,
        **{**TITLE_RULES[title], **fields},
    )


def excellent_collective(tenant, **fields):
    return titled(tenant, LegalTitle.EXCELLENT_COLLECTIVE, "Tập thể lao động xuất sắc", **fields)


def advanced_worker(tenant, **fields):
    return titled(tenant, LegalTitle.ADVANCED_WORKER, "Lao động tiên tiến", **fields)


def emulation_fighter(tenant, **fields):
    return titled(tenant, LegalTitle.EMULATION_FIGHTER, "Chiến sĩ thi đua cơ sở", **fields)


def nominate(tree, plan, award, *, person=None, initiatives=(), **fields):
    return services.nomination_save(
        actor=SYSTEM,
        unit=tree["a1"],
        campaign=plan,
        award_type=award,
        person=person,
        year=2024,
        rating="excellent",
        achievements="Hoàn thành xuất sắc nhiệm vụ năm học 2023-2024.",
        initiatives=initiatives,
        **fields,
    )


def record(person, kind, *, year=2024, level="", decided_on=None, closed_on=None):
    return ConductRecord.objects.create(
        tenant=person.tenant,
        person=person,
        kind=kind,
        year=year,
        level=level,
        decided_on=decided_on,
        closed_on=closed_on,
    )


def reasons(nomination):
    return services.eligibility_reasons(nomination, on=CONSIDERED_ON)


def recognise(unit, *items, numbered=True):
    """A recognition decision of `unit` listing `items` (issued when `numbered`)."""
    day = datetime.date(2024, 6, 1)
    decision = Recognition.objects.create(
        tenant=unit.tenant,
        unit=unit,
        year=2024,
        decided_on=day,
        number=number_allocate(
            actor=SYSTEM, unit=unit, doc_type=DocumentType.DECISION, issued_on=day
        )
        if numbered
        else None,
    )
    for item in items:
        RecognisedInitiative.objects.create(recognition=decision, initiative=item)
    return decision


# --- A collective through its members ---


def test_a_member_disciplined_at_warning_level_bars_an_excellent_collective(tree, plan):
    member_a = PersonFactory(unit=tree["a1"], full_name="Nguyễn Văn An")
    record(member_a, Kind.DISCIPLINE, level="warning", closed_on=datetime.date(2024, 10, 1))
    record(PersonFactory(unit=tree["a2"]), Kind.DISCIPLINE, level="dismissal")  # elsewhere

    found = reasons(nominate(tree, plan, excellent_collective(tree["a1"].tenant)))

    assert found == [
        "Tập thể có thành viên bị kỷ luật từ hình thức cảnh cáo trở lên trong năm 2024 không "
        "được xét Tập thể lao động xuất sắc (Luật Thi đua, khen thưởng số 06/2022/QH15): "
        "Nguyễn Văn An (cảnh cáo)."
    ]


def test_a_reprimand_bars_the_collective_only_when_the_tenant_tightens_the_rule(tree, plan):
    record(
        PersonFactory(unit=tree["a1"], full_name="Lê Văn Bảo"), Kind.DISCIPLINE, level="reprimand"
    )
    award = excellent_collective(tree["a1"].tenant)
    nomination = nominate(tree, plan, award)
    assert reasons(nomination) == []

    award.member_discipline_level = "reprimand"
    award.full_clean()
    award.save()
    nomination.refresh_from_db()

    assert reasons(nomination) == [
        "Tập thể có thành viên bị kỷ luật từ hình thức khiển trách trở lên trong năm 2024 không "
        "được xét Tập thể lao động xuất sắc (quy định riêng của loại khen thưởng): Lê Văn Bảo "
        "(khiển trách)."
    ]


def test_a_members_discipline_without_its_form_bars_until_the_form_is_entered(tree, plan):
    record(PersonFactory(unit=tree["a1"], full_name="Đỗ Văn Cường"), Kind.DISCIPLINE)

    found = reasons(nominate(tree, plan, excellent_collective(tree["a1"].tenant)))

    assert len(found) == 1 and "Đỗ Văn Cường (chưa ghi hình thức)" in found[0]


# --- The law's floor ---


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("member_discipline_level", "salary_reduction", "từ hình thức cảnh cáo trở lên"),
        ("member_discipline_level", "", "từ hình thức cảnh cáo trở lên"),
        ("pending_bars", False, "không thể bỏ điều kiện này"),
        ("counts_from_discipline_end", False, "không thể bỏ điều kiện này"),
    ],
)
def test_the_tenant_cannot_loosen_the_laws_rule(tree, field, value, words):
    award = excellent_collective(tree["a1"].tenant)
    setattr(award, field, value)

    with pytest.raises(ValidationError) as refused:
        award.full_clean()

    assert words in " ".join(refused.value.message_dict[field])


def test_an_emulation_fighter_cannot_drop_the_recognised_initiative(tree):
    award = emulation_fighter(tree["a1"].tenant)
    award.initiative_rule = "accepted"

    with pytest.raises(ValidationError) as refused:
        award.full_clean()

    assert "sáng kiến được công nhận" in refused.value.message_dict["initiative_rule"][0]


def test_the_admin_form_refuses_a_looser_rule_in_vietnamese_and_keeps_what_was_typed(client, tree):
    client.force_login(member(tree["department"], Role.TENANT_ADMIN))
    data = {
        "name": "Tập thể lao động xuất sắc",
        "legal_title": "excellent_collective",
        "subject": "collective",
        "conferring_authority": "Chủ tịch Ủy ban nhân dân tỉnh Lào Cai",
        "criteria": "",
        "dossier_parts": "",
        "min_rating": "excellent",
        "person_discipline_level": "reprimand",
        "member_discipline_level": "removal",
        "member_breach_kinds": ["code_of_conduct"],
        "pending_bars": "on",
        "counts_from_discipline_end": "on",
        "min_months_worked": "0",
        "initiative_rule": "none",
        "vote_base": "attending",  # the council's rule (helper council)
        "vote_threshold": "70",
        "is_active": "on",
        "_save": "Lưu",
    }

    answer = client.post(reverse("admin:awards_awardtype_add"), data)

    page = answer.content.decode()
    assert answer.status_code == 200 and not AwardType.objects.exists()
    assert "không xét cho tập thể có thành viên bị kỷ luật từ hình thức cảnh cáo" in page
    assert 'value="removal" selected' in page or 'value="removal" checked' in page
    data["member_discipline_level"] = "reprimand"
    assert client.post(reverse("admin:awards_awardtype_add"), data).status_code == 302
    assert AwardType.objects.get().member_discipline_level == "reprimand"


def test_the_admin_form_offers_the_breaches_as_checkboxes():
    form = AwardTypeAdminForm()

    assert set(dict(form.fields["member_breach_kinds"].choices)) == {
        "code_of_conduct",
        "harassment",
    }


def test_the_law_title_is_found_from_the_name():
    assert legal_title_of("Tập thể Lao động xuất sắc") == LegalTitle.EXCELLENT_COLLECTIVE
    assert legal_title_of("Tập thể lao động tiên tiến") == LegalTitle.ADVANCED_COLLECTIVE
    assert legal_title_of("Lao động tiên tiến") == LegalTitle.ADVANCED_WORKER
    assert legal_title_of("CHIẾN SĨ THI ĐUA CƠ SỞ") == LegalTitle.EMULATION_FIGHTER
    assert legal_title_of("Giấy khen của Chủ tịch UBND phường") == LegalTitle.CERTIFICATE
    assert legal_title_of("Khen thưởng chuyên đề") == LegalTitle.OTHER


# --- Pending verifications (Nghị định 152/2025/NĐ-CP, Art. 4) ---


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (Kind.INVESTIGATION, "(điều tra)"),
        (Kind.INSPECTION, "(thanh tra, kiểm tra)"),
        (Kind.COMPLAINT, "(giải quyết khiếu nại, tố cáo)"),
        (Kind.PRESS_REPORT, "(xác minh phản ánh của báo chí)"),
    ],
)
def test_each_verification_bars_while_open_and_not_after_its_end(tree, plan, teacher, kind, words):
    nomination = nominate(tree, plan, advanced_worker(tree["a1"].tenant), person=teacher)
    item = record(teacher, kind, year=2023, decided_on=datetime.date(2023, 11, 2))

    assert reasons(nomination) == [
        f"Nguyễn Thị Lan đang được xem xét {words}: chưa khen thưởng cho đến khi có kết luận "
        "(Nghị định 152/2025/NĐ-CP, Điều 4)."
    ]
    item.closed_on = datetime.date(2025, 2, 28)  # concluded after the day it is considered
    item.save()
    assert reasons(nomination) == [
        f"Nguyễn Thị Lan đang được xem xét {words} đến ngày 28/02/2025: chưa khen thưởng cho "
        "đến khi có kết luận (Nghị định 152/2025/NĐ-CP, Điều 4)."
    ]
    item.closed_on = datetime.date(2024, 12, 31)
    item.save()
    assert reasons(nomination) == []


def test_a_discipline_in_force_bars_until_its_term_ends(tree, plan, teacher):
    nomination = nominate(tree, plan, advanced_worker(tree["a1"].tenant), person=teacher)
    record(
        teacher, Kind.DISCIPLINE, year=2023, level="warning", closed_on=datetime.date(2025, 3, 1)
    )

    assert reasons(nomination) == [
        "Nguyễn Thị Lan đang thi hành kỷ luật (cảnh cáo) đến ngày 01/03/2025: chưa khen thưởng "
        "cho đến khi hết thời hạn kỷ luật (Nghị định 152/2025/NĐ-CP, Điều 4)."
    ]


# --- Months worked, maternity leave, the end of a discipline ---


def test_maternity_leave_counts_as_time_worked(tree, plan, teacher):
    award = advanced_worker(tree["a1"].tenant)

    seven = nominate(tree, plan, award, person=teacher, months_worked=7)
    with_leave = nominate(tree, plan, award, person=teacher, months_worked=7, maternity_months=4)

    assert reasons(seven) == [
        "Nguyễn Thị Lan công tác 7 tháng trong năm 2024 (kể cả thời gian nghỉ thai sản): ít hơn "
        "10 tháng mà Lao động tiên tiến yêu cầu."
    ]
    assert reasons(with_leave) == []


def test_months_worked_and_on_leave_cannot_exceed_the_year(tree, plan, teacher):
    with pytest.raises(ValidationError) as refused:
        nominate(
            tree,
            plan,
            advanced_worker(tree["a1"].tenant),
            person=teacher,
            months_worked=10,
            maternity_months=4,
        )

    assert "vượt quá 12" in refused.value.message_dict["maternity_months"][0]


def test_a_discipline_ended_in_september_leaves_too_few_months(tree, plan, teacher):
    # Decided the year before, its term ended on 15/9/2024: only October to December count.
    record(
        teacher,
        Kind.DISCIPLINE,
        year=2023,
        level="reprimand",
        decided_on=datetime.date(2023, 9, 15),
        closed_on=datetime.date(2024, 9, 15),
    )
    award = advanced_worker(tree["a1"].tenant)

    assert reasons(nominate(tree, plan, award, person=teacher)) == [
        "Thành tích của Nguyễn Thị Lan được tính từ khi hết thời hạn kỷ luật ngày 15/09/2024: "
        "năm 2024 còn 3 tháng, ít hơn 10 tháng mà Lao động tiên tiến yêu cầu (Nghị định "
        "152/2025/NĐ-CP, Điều 4)."
    ]
    award.min_months_worked = 3
    award.save()
    assert reasons(Nomination.objects.get()) == []


def test_a_discipline_in_the_year_bars_the_person(tree, plan, teacher):
    record(teacher, Kind.DISCIPLINE, level="reprimand", closed_on=datetime.date(2024, 2, 1))
    award = advanced_worker(tree["a1"].tenant, min_months_worked=0)

    assert reasons(nominate(tree, plan, award, person=teacher)) == [
        "Nguyễn Thị Lan bị kỷ luật trong năm 2024 (khiển trách): Lao động tiên tiến không xét "
        "cho cá nhân bị kỷ luật từ hình thức khiển trách trở lên (Luật Thi đua, khen thưởng số "
        "06/2022/QH15; Nghị định 152/2025/NĐ-CP)."
    ]


# --- Initiatives: recognised, used once ---


@pytest.fixture
def authored(tree, plan, teacher):
    """An accepted initiative the teacher wrote."""
    deadline = plan.phases.get().deadlines.get()
    return accepted_initiative(
        tree["a1"], deadline, name="Tuyển sinh trực tuyến", authors=[teacher]
    )


def test_an_emulation_fighter_needs_a_recognised_initiative_not_only_an_accepted_one(
    tree, plan, teacher, authored
):
    award = emulation_fighter(tree["a1"].tenant)
    nomination = nominate(tree, plan, award, person=teacher, initiatives=[authored])
    needs = (
        "Chiến sĩ thi đua cơ sở cần có sáng kiến của người được đề nghị được công nhận ở cấp cơ "
        "sở bằng quyết định (Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP)."
    )
    assert reasons(nomination) == [needs]

    draft_decision = recognise(tree["a1"], authored, numbered=False)
    assert reasons(nomination) == [needs]  # a decision not yet issued recognises nothing

    draft_decision.delete()
    recognise(tree["a1"], authored)
    assert reasons(nomination) == []


def test_a_recognised_initiative_of_someone_else_does_not_count(tree, plan, teacher):
    deadline = plan.phases.get().deadlines.get()
    other = PersonFactory(unit=tree["a1"])
    theirs = accepted_initiative(tree["a1"], deadline, name="Của người khác", authors=[other])
    recognise(tree["a1"], theirs)

    nomination = nominate(
        tree, plan, emulation_fighter(tree["a1"].tenant), person=teacher, initiatives=[theirs]
    )

    assert len(reasons(nomination)) == 1


def test_an_initiative_used_once_is_refused_the_second_time(tree, plan, teacher, authored):
    recognise(tree["a1"], authored)
    fighter = emulation_fighter(tree["a1"].tenant)
    certificate = titled(tree["a1"].tenant, LegalTitle.CERTIFICATE, "Giấy khen của Chủ tịch")
    first = nominate(tree, plan, fighter, person=teacher, initiatives=[authored])
    early_second = nominate(tree, plan, certificate, person=teacher, initiatives=[authored])
    services.nomination_submit(actor=SYSTEM, nomination=first)

    with pytest.raises(ValidationError) as refused:
        nominate(tree, plan, certificate, person=teacher, initiatives=[authored])
    with pytest.raises(ValidationError) as refused_submit:
        services.nomination_submit(actor=SYSTEM, nomination=early_second)

    used = (
        "Sáng kiến “Tuyển sinh trực tuyến” đã dùng cho Nguyễn Thị Lan — Chiến sĩ thi đua cơ sở "
        "(2024): mỗi sáng kiến chỉ dùng cho một khen thưởng (Công văn 5007/BNV-TĐKT)."
    )
    assert refused.value.messages == [used]
    assert refused_submit.value.messages == [used]
    early_second.refresh_from_db()
    assert early_second.status == Nomination.Status.DRAFT
    # The first nomination itself is not refused by its own use.
    assert reasons(first) == []


def test_an_initiative_is_free_again_when_its_nomination_is_withdrawn_or_reuse_is_allowed(
    tree, plan, teacher, authored
):
    recognise(tree["a1"], authored)
    fighter = emulation_fighter(tree["a1"].tenant)
    first = nominate(tree, plan, fighter, person=teacher, initiatives=[authored])
    services.nomination_submit(actor=SYSTEM, nomination=first)
    reusing = titled(
        tree["a1"].tenant, LegalTitle.CERTIFICATE, "Giấy khen chuyên đề", initiative_reuse=True
    )

    assert reasons(nominate(tree, plan, reusing, person=teacher, initiatives=[authored])) == []
    Nomination.objects.filter(pk=first.pk).update(status=Nomination.Status.WITHDRAWN)
    certificate = titled(tree["a1"].tenant, LegalTitle.CERTIFICATE, "Giấy khen của Chủ tịch")
    assert reasons(nominate(tree, plan, certificate, person=teacher, initiatives=[authored])) == []


def test_the_nomination_form_shows_an_initiative_as_used(client, tree, plan, teacher, authored):
    recognise(tree["a1"], authored)
    first = nominate(
        tree, plan, emulation_fighter(tree["a1"].tenant), person=teacher, initiatives=[authored]
    )
    services.nomination_submit(actor=SYSTEM, nomination=first)
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))

    page = client.get(reverse("awards:create")).content.decode()

    assert "Tuyển sinh trực tuyến" in page
    assert "Đã dùng cho Nguyễn Thị Lan — Chiến sĩ thi đua cơ sở (2024)" in page
    assert "được công nhận tại Quyết định số" in page


# --- The conduct form ---


def test_the_conduct_form_records_the_form_of_discipline(client, tree, teacher):
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))
    url = reverse("awards:conduct", kwargs={"person_id": teacher.pk})
    data = {
        "kind": "discipline",
        "level": "warning",
        "year": "2024",
        "decided_on": "05/06/2024",
        "closed_on": "05/12/2024",
    }

    assert client.post(url, data).status_code == 302
    saved = ConductRecord.objects.get()
    assert saved.level == "warning" and saved.closed_on == datetime.date(2024, 12, 5)
    assert "Kỷ luật (cảnh cáo)" in client.get(url).content.decode()

    wrong = client.post(url, {**data, "kind": "press_report", "description": "Báo Lao Động"})
    assert "Chỉ kỷ luật mới có hình thức kỷ luật" in wrong.content.decode()
    assert "Báo Lao Động" in wrong.content.decode()
    assert ConductRecord.objects.count() == 1


# --- Queries ---


def test_eligibility_of_many_nominations_takes_the_same_number_of_queries(
    tree, plan, authored, django_assert_num_queries
):
    tenant = tree["a1"].tenant
    recognise(tree["a1"], authored)
    awards = [
        excellent_collective(tenant),
        advanced_worker(tenant),
        emulation_fighter(tenant),
    ]

    def agenda(count):
        made = []
        for _ in range(count):
            person = PersonFactory(unit=tree["a1"])
            record(person, Kind.DISCIPLINE, level="warning")
            record(person, Kind.INSPECTION)
            made.append(nominate(tree, plan, awards[0]))
            made.append(nominate(tree, plan, awards[1], person=person, maternity_months=0))
            made.append(nominate(tree, plan, awards[2], person=person, initiatives=[authored]))
        return list(
            Nomination.objects.filter(pk__in=[n.pk for n in made]).select_related(
                "award_type", "person", "unit"
            )
        )

    few, many = agenda(1), agenda(6)
    with django_assert_num_queries(4):
        few_reasons = services.eligibility_by_nomination(few, on=CONSIDERED_ON)
    with django_assert_num_queries(4):
        many_reasons = services.eligibility_by_nomination(many, on=CONSIDERED_ON)
    assert all(few_reasons.values()) and all(many_reasons.values())
