"""Each rule that catches what real plans get wrong, with the message the user sees."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from campaign import services
from campaign.models import DeadlineKind, KpiIndicator
from tests.factories import campaign
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def office(tree):
    return tree["office_a"]


def messages_of(excinfo):
    return " ".join(excinfo.value.messages)


def test_a_deadline_outside_the_period_is_refused(office):
    plan = campaign(office, phases=())
    phase = services.phase_save(
        actor=SYSTEM, campaign=plan, name="Đợt 1", start_date=D(2024, 4, 1), end_date=D(2024, 8, 25)
    )

    with pytest.raises(ValidationError) as excinfo:
        services.deadline_save(
            actor=SYSTEM, phase=phase, kind=DeadlineKind.REGISTRATION, due_date=D(2025, 1, 10)
        )

    assert "10/01/2025 nằm ngoài thời gian của kế hoạch (01/01/2024 – 31/12/2024)" in messages_of(
        excinfo
    )
    assert not phase.deadlines.exists()


def test_a_deadline_before_its_phase_starts_is_refused(office):
    plan = campaign(office, phases=())
    phase = services.phase_save(
        actor=SYSTEM,
        campaign=plan,
        name="Đợt 2",
        start_date=D(2024, 8, 26),
        end_date=D(2024, 10, 31),
    )

    with pytest.raises(ValidationError) as excinfo:
        services.deadline_save(
            actor=SYSTEM, phase=phase, kind=DeadlineKind.RESULT_REPORT, due_date=D(2024, 8, 1)
        )

    assert "01/8/2024 trước khi đợt bắt đầu (26/8/2024)" in messages_of(excinfo)


def test_overlapping_phases_are_refused(office):
    plan = campaign(office)  # Đợt 1: 01/4/2024 – 25/8/2024

    with pytest.raises(ValidationError) as excinfo:
        services.phase_save(
            actor=SYSTEM,
            campaign=plan,
            name="Đợt 2",
            start_date=D(2024, 8, 20),
            end_date=D(2024, 10, 31),
        )

    assert "Đợt 1 và Đợt 2 chồng lên nhau" in messages_of(excinfo)
    assert plan.phases.count() == 1


def test_a_child_plans_deadline_after_the_parents_is_refused(tree):
    parent = campaign(
        tree["department"], kinds=("phong-gddt", "truong-mam-non"), launch_on=D(2024, 3, 20)
    )
    child = services.campaign_create(
        actor=SYSTEM, issuing_unit=tree["office_a"], based_on=parent, title="Kế hoạch của Phòng"
    )
    phase = child.phases.get()

    with pytest.raises(ValidationError) as excinfo:
        services.deadline_save(
            actor=SYSTEM, phase=phase, kind=DeadlineKind.REGISTRATION, due_date=D(2024, 8, 28)
        )

    assert "sau hạn của kế hoạch cấp trên (25/8/2024)" in messages_of(excinfo)


def test_a_date_in_the_text_that_contradicts_the_period_is_caught(office):
    plan = campaign(office)

    with pytest.raises(ValidationError) as excinfo:
        services.campaign_update(
            actor=SYSTEM,
            campaign=plan,
            requirements="Đợt thi đua được phát động từ nay đến ngày 31 tháng 10 năm 2023.",
        )

    assert "31 tháng 10 năm 2023" in messages_of(excinfo)
    assert "Kiểm tra lại năm" in messages_of(excinfo)


def test_older_documents_cited_in_the_legal_basis_are_not_errors(office):
    plan = campaign(office)

    services.campaign_update(
        actor=SYSTEM,
        campaign=plan,
        legal_basis="Căn cứ Kế hoạch số 244/KH-SGDĐT ngày 29 tháng 12 năm 2023 của Sở;",
        implementation="Báo cáo kết quả trước ngày 05/11/2024.",
    )

    assert services.schedule_errors(plan) == []


def test_a_percentage_target_above_100_is_refused(office):
    services.kpi_catalogue_ensure(office.tenant)
    plan = campaign(office)
    indicator = KpiIndicator.objects.get(tenant=office.tenant, code="hai-long-phuc-vu")

    with pytest.raises(ValidationError) as excinfo:
        services.target_save(actor=SYSTEM, campaign=plan, indicator=indicator, value=105)

    assert "không thể vượt quá 100%" in messages_of(excinfo)
    assert not plan.targets.exists()


def test_a_count_target_may_exceed_100(office):
    services.kpi_catalogue_ensure(office.tenant)
    plan = campaign(office)
    indicator = KpiIndicator.objects.get(tenant=office.tenant, code="so-mo-hinh")

    target = services.target_save(actor=SYSTEM, campaign=plan, indicator=indicator, value=150)

    assert target.display_value == "150"


def test_launch_refuses_a_plan_without_participants(office):
    plan = campaign(office, kinds=("truong-thpt",))  # no upper-secondary school below

    with pytest.raises(ValidationError) as excinfo:
        services.campaign_launch(actor=SYSTEM, campaign=plan, issued_on=D(2024, 3, 20))

    assert "Không có đơn vị nào tham gia" in messages_of(excinfo)
    plan.refresh_from_db()
    assert plan.is_draft and plan.number is None


def test_the_form_page_shows_the_message_and_keeps_what_was_typed(client, office):
    from django.urls import reverse

    from tests.factories import member
    from units.models import Role

    plan = campaign(office)
    client.force_login(member(office, Role.REVIEWER))

    response = client.post(
        reverse("campaign:phase_add", kwargs={"campaign_id": plan.pk}),
        {
            "phase-name": "Đợt chồng",
            "phase-start_date": "2024-08-01",
            "phase-end_date": "2024-09-30",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "chồng lên nhau" in page
    assert 'value="Đợt chồng"' in page
    assert plan.phases.count() == 1


def test_a_school_outside_the_issuing_subtree_cannot_edit(client, tree):
    from django.urls import reverse

    from tests.factories import member
    from units.models import Role

    plan = campaign(tree["office_a"])
    client.force_login(member(tree["office_b"], Role.REVIEWER))

    assert client.get(reverse("campaign:edit", kwargs={"campaign_id": plan.pk})).status_code == 404


def test_a_deadline_after_its_phase_ends_is_refused(office):
    plan = campaign(office)  # Đợt 1: 01/4/2024 – 25/8/2024
    phase = plan.phases.get()

    with pytest.raises(ValidationError) as excinfo:
        services.deadline_save(
            actor=SYSTEM, phase=phase, kind=DeadlineKind.AWARD_PROPOSAL, due_date=D(2024, 9, 10)
        )

    assert "ngày 10/9/2024 sau khi đợt kết thúc (25/8/2024)" in messages_of(excinfo)
    assert phase.deadlines.count() == 1


def test_a_periodic_report_due_after_the_plan_ends_is_refused(office):
    plan = campaign(office, end=D(2024, 11, 30))

    with pytest.raises(ValidationError) as excinfo:
        services.report_schedule_save(
            actor=SYSTEM, campaign=plan, periods=["q1", "h1", "q3", "year"], due_day=5
        )

    assert "(năm 2024): hạn ngày 05/12/2024, sau khi kế hoạch kết thúc (30/11/2024)" in (
        messages_of(excinfo)
    )
    assert not plan.report_schedules.exists()


def test_an_outside_plans_deadlines_are_checked_like_a_parent_plans(office):
    from campaign import validation
    from campaign.models import ExternalDeadline

    plan = campaign(office)
    phase = plan.phases.get()
    deadlines = [(phase, d) for d in phase.deadlines.all()]  # registration 25/8/2024
    upper = [ExternalDeadline(kind=DeadlineKind.REGISTRATION, due_date=D(2024, 8, 20))]

    errors = validation.deadline_errors(plan, deadlines, upper)

    assert errors == [
        "Đăng ký mô hình, giải pháp, sáng kiến (Mẫu 1) (Đợt 1): ngày 25/8/2024 sau hạn của "
        "kế hoạch cấp trên (20/8/2024); đơn vị phải nộp trước hạn đó."
    ]
