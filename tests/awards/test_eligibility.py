"""Every eligibility rule of a nomination, each with the reason the officer reads."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from awards import services
from awards.models import ConductRecord, Nomination, Subject
from tests.factories import PersonFactory, accepted_initiative, award_type, campaign, initiative
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

Kind = ConductRecord.Kind
# Issue 19: a discipline's reason names its form (here not recorded, so it counts as the
# heaviest) and the award type's rule.
DISCIPLINED_2024 = (
    "Nguyễn Thị Lan bị kỷ luật trong năm 2024 (chưa ghi hình thức): Giấy khen của Chủ tịch "
    "UBND huyện không xét cho cá nhân bị kỷ luật từ hình thức khiển trách trở lên (quy định "
    "riêng của loại khen thưởng)."
)


@pytest.fixture
def plan(tree):
    return campaign(tree["office_a"], launch_on=datetime.date(2024, 3, 20))


@pytest.fixture
def teacher(tree):
    return PersonFactory(unit=tree["a1"], full_name="Nguyễn Thị Lan")


def nominate(tree, plan, *, person=None, rating="excellent", award=None, initiatives=()):
    award = award or award_type(
        tree["a1"].tenant, subject=Subject.INDIVIDUAL if person else Subject.COLLECTIVE
    )
    return services.nomination_save(
        actor=SYSTEM,
        unit=tree["a1"],
        campaign=plan,
        award_type=award,
        person=person,
        year=2024,
        rating=rating,
        achievements="Hoàn thành xuất sắc nhiệm vụ năm học 2023-2024.",
        initiatives=initiatives,
    )


def record(person, kind, year=2024, closed_on=None):
    return ConductRecord.objects.create(
        tenant=person.tenant, person=person, kind=kind, year=year, closed_on=closed_on
    )


def test_a_clean_nominee_with_a_good_rating_is_eligible(tree, plan, teacher):
    assert services.eligibility_reasons(nominate(tree, plan, person=teacher)) == []
    assert services.eligibility_reasons(nominate(tree, plan, rating="good")) == []


def test_a_pending_discipline_or_investigation_bars_the_award(tree, plan, teacher):
    record(teacher, Kind.INVESTIGATION, year=2023)

    reasons = services.eligibility_reasons(nominate(tree, plan, person=teacher))

    # Issue 19: the reason names the kind of verification and the article.
    assert reasons == [
        "Nguyễn Thị Lan đang được xem xét (điều tra): chưa khen thưởng cho đến khi có kết luận "
        "(Nghị định 152/2025/NĐ-CP, Điều 4)."
    ]


def test_a_closed_investigation_of_another_year_does_not(tree, plan, teacher):
    record(teacher, Kind.INVESTIGATION, year=2023, closed_on=datetime.date(2023, 12, 1))

    assert services.eligibility_reasons(nominate(tree, plan, person=teacher)) == []


def test_a_discipline_in_the_year_bars_the_award(tree, plan, teacher):
    record(teacher, Kind.DISCIPLINE, closed_on=datetime.date(2024, 5, 1))

    assert services.eligibility_reasons(nominate(tree, plan, person=teacher)) == [DISCIPLINED_2024]


@pytest.mark.parametrize("rating", ["completed", "not_completed"])
def test_a_rating_below_well_completed_bars_the_award(tree, plan, teacher, rating):
    reasons = services.eligibility_reasons(nominate(tree, plan, person=teacher, rating=rating))

    assert len(reasons) == 1
    assert reasons[0].endswith("thấp hơn mức tối thiểu “Hoàn thành tốt nhiệm vụ”.")


def test_an_award_type_can_ask_for_an_excellent_rating(tree, plan, teacher):
    award = award_type(tree["a1"].tenant, name="Chiến sĩ thi đua cơ sở", min_rating="excellent")

    reasons = services.eligibility_reasons(
        nominate(tree, plan, person=teacher, rating="good", award=award)
    )

    assert reasons == [
        "Xếp loại “Hoàn thành tốt nhiệm vụ” thấp hơn mức tối thiểu “Hoàn thành xuất sắc nhiệm vụ”."
    ]


def test_a_breach_of_the_code_of_conduct_bars_the_person(tree, plan, teacher):
    record(teacher, Kind.HARASSMENT)

    assert services.eligibility_reasons(nominate(tree, plan, person=teacher)) == [
        "Nguyễn Thị Lan vi phạm quy tắc ứng xử hoặc có hành vi nhũng nhiễu người dân trong "
        "năm 2024."
    ]


def test_a_collective_with_a_member_who_broke_the_code_of_conduct_is_vetoed(tree, plan):
    offender = PersonFactory(unit=tree["a1"], full_name="Trần Văn Bình")
    PersonFactory(unit=tree["a1"], full_name="Lê Thị Cúc")
    record(offender, Kind.CODE_OF_CONDUCT)
    record(PersonFactory(unit=tree["a2"]), Kind.CODE_OF_CONDUCT)  # another school's member

    reasons = services.eligibility_reasons(nominate(tree, plan))

    assert reasons == [
        "Tập thể có thành viên vi phạm quy tắc ứng xử hoặc nhũng nhiễu người dân trong năm "
        "2024 không được khen thưởng: Trần Văn Bình."
    ]


def test_last_years_breach_does_not_veto_this_years_collective(tree, plan):
    record(PersonFactory(unit=tree["a1"]), Kind.CODE_OF_CONDUCT, year=2023)

    assert services.eligibility_reasons(nominate(tree, plan)) == []


def test_an_award_may_need_an_accepted_initiative(tree, plan, teacher):
    award = award_type(tree["a1"].tenant, initiative_rule="accepted")
    deadline = plan.phases.get().deadlines.get()
    draft = initiative(tree["a1"], deadline, name="Còn nháp")

    without = nominate(tree, plan, person=teacher, award=award, initiatives=[draft])
    assert without and services.eligibility_reasons(without) == [
        f"{award.name} cần có ít nhất một mô hình, giải pháp được tiếp nhận trong kế hoạch."
    ]
    accepted = accepted_initiative(tree["a1"], deadline)
    with_one = nominate(tree, plan, person=teacher, award=award, initiatives=[accepted])
    assert services.eligibility_reasons(with_one) == []


def test_the_subject_of_the_award_must_match(tree, plan, teacher):
    collective = award_type(tree["a1"].tenant, subject=Subject.COLLECTIVE)

    reasons = services.eligibility_reasons(nominate(tree, plan, person=teacher, award=collective))

    assert reasons == [f"{collective.name} chỉ xét cho tập thể, không xét cho cá nhân."]


def test_an_ineligible_nomination_cannot_go_to_the_council(tree, plan, teacher):
    record(teacher, Kind.DISCIPLINE, closed_on=datetime.date(2024, 4, 1))
    nomination = nominate(tree, plan, person=teacher)

    with pytest.raises(ValidationError) as refused:
        services.nomination_submit(actor=SYSTEM, nomination=nomination)

    assert refused.value.messages == [DISCIPLINED_2024]
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.DRAFT
    eligible = nominate(tree, plan)
    assert services.nomination_submit(actor=SYSTEM, nomination=eligible).status == "submitted"


def test_a_person_of_another_unit_or_a_plan_not_reaching_the_unit_is_refused(tree, plan):
    with pytest.raises(ValidationError):
        nominate(tree, plan, person=PersonFactory(unit=tree["a2"]))
    other_plan = campaign(tree["office_b"], launch_on=datetime.date(2024, 3, 20))
    with pytest.raises(ValidationError):
        nominate(tree, other_plan)
