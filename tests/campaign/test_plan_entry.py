"""Entering a plan as a ward's clerk does: flags for a deadline after its phase and a report
after the plan, rows edited in place, confirmation before anything destructive or
irreversible, upper-level plans from outside the system, and a plan based on another."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from campaign import services
from campaign.forms import DeadlineForm, ReportScheduleForm
from campaign.models import (
    Campaign,
    Deadline,
    DeadlineKind,
    ExternalDeadline,
    ExternalPlan,
    KpiIndicator,
    KpiTarget,
    Phase,
    ReportSchedule,
)
from tests.factories import UnitFactory, campaign, kind, member
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def ward():
    """A ward created by the 2025 reform: its People's Committee, its culture and society
    office, and its schools directly under the ward."""
    root = UnitFactory(kind=kind("ubnd-xa"), name="Ủy ban nhân dân phường Sài Gòn", code="UBND")
    root.email = "ubnd@saigon.gov.vn"
    root.save()
    office = UnitFactory(parent=root, kind=kind("phong-vhxh"), name="Phòng Văn hóa - Xã hội")
    schools = [
        UnitFactory(parent=root, name=f"Trường Mầm non Sài Gòn {n}", code=f"MN{n}")
        for n in range(1, 4)
    ]
    return {"ward": root, "office": office, "schools": schools}


@pytest.fixture
def clerk(ward):
    return member(ward["ward"], Role.REVIEWER)


def plan_2026(unit, **fields):
    """The ward's draft plan for 2026 with one phase ending 31/10/2026."""
    return campaign(
        unit,
        title="Phát động phong trào thi đua “Cải cách hành chính” năm 2026",
        start=D(2026, 1, 1),
        end=D(2026, 12, 31),
        phases=(("Đợt 1", (2026, 3, 1), (2026, 10, 31), [("registration", (2026, 4, 15))]),),
        **fields,
    )


def messages_of(excinfo):
    return " ".join(excinfo.value.messages)


def url(name, **kwargs):
    return reverse(f"campaign:{name}", kwargs=kwargs)


# --- Flags ---


def test_a_deadline_after_its_phase_ends_is_refused_with_both_dates(ward):
    plan = plan_2026(ward["ward"])
    phase = plan.phases.get()

    with pytest.raises(ValidationError) as excinfo:
        services.deadline_save(
            actor=SYSTEM, phase=phase, kind=DeadlineKind.AWARD_PROPOSAL, due_date=D(2026, 11, 10)
        )

    assert (
        "Đề nghị khen thưởng (Đợt 1): ngày 10/11/2026 sau khi đợt kết thúc (31/10/2026)"
        in messages_of(excinfo)
    )
    assert "Hạn sau ngày kết thúc đợt" in messages_of(excinfo)
    assert not phase.deadlines.filter(kind=DeadlineKind.AWARD_PROPOSAL).exists()


def test_a_deadline_the_plan_sets_after_its_phase_passes_when_marked(ward):
    plan = plan_2026(ward["ward"])

    deadline = services.deadline_save(
        actor=SYSTEM,
        phase=plan.phases.get(),
        kind=DeadlineKind.AWARD_PROPOSAL,
        due_date=D(2026, 11, 10),
        after_phase_end=True,
    )

    assert deadline.pk and services.schedule_errors(plan) == []


def test_shortening_a_phase_flags_the_deadline_left_after_it(ward):
    plan = plan_2026(ward["ward"])
    phase = plan.phases.get()

    with pytest.raises(ValidationError) as excinfo:
        services.phase_save(actor=SYSTEM, campaign=plan, phase=phase, end_date=D(2026, 4, 10))

    assert "ngày 15/4/2026 sau khi đợt kết thúc (10/4/2026)" in messages_of(excinfo)
    phase.refresh_from_db()
    assert phase.end_date == D(2026, 10, 31)


def test_a_report_due_after_the_plan_ends_is_refused(ward):
    plan = plan_2026(ward["ward"])

    with pytest.raises(ValidationError) as excinfo:
        services.report_schedule_save(
            actor=SYSTEM,
            campaign=plan,
            periods=["h1", "year"],
            due_day=5,
            due_month=ReportSchedule.DueMonth.NEXT_MONTH,
        )

    assert "(năm 2026): hạn ngày 05/01/2027, sau khi kế hoạch kết thúc (31/12/2026)" in messages_of(
        excinfo
    )
    assert not plan.report_schedules.exists()


def test_the_deadline_form_shows_the_flag_and_keeps_what_was_typed(client, ward, clerk):
    plan = plan_2026(ward["ward"])
    phase = plan.phases.get()
    client.force_login(clerk)

    response = client.post(
        url("deadline_add", campaign_id=plan.pk),
        {
            "deadline-phase": phase.pk,
            "deadline-kind": DeadlineKind.AWARD_PROPOSAL,
            "deadline-due_date": "2026-11-10",
            "deadline-date_style": "short",
            "deadline-receiving_unit": ward["office"].pk,
            "deadline-description": "Gửi hồ sơ đề nghị khen thưởng",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "sau khi đợt kết thúc (31/10/2026)" in page
    assert "Gửi hồ sơ đề nghị khen thưởng" in page
    assert "2026-11-10" in page
    assert phase.deadlines.count() == 1


def test_the_deadline_form_labels_its_kind_as_a_deadline_kind(ward):
    plan = plan_2026(ward["ward"])

    assert str(DeadlineForm(campaign=plan).fields["kind"].label) == "Loại hạn"


# --- Editing in place ---


def test_editing_a_phase_saves_a_valid_change(client, ward, clerk):
    plan = plan_2026(ward["ward"])
    phase = plan.phases.get()
    client.force_login(clerk)

    assert client.get(url("phase_edit", phase_id=phase.pk)).status_code == 200
    response = client.post(
        url("phase_edit", phase_id=phase.pk),
        {"name": "Đợt 1 (sửa)", "start_date": "2026-02-01", "end_date": "2026-11-30"},
    )

    assert response.status_code == 302
    phase.refresh_from_db()
    assert (phase.name, phase.start_date, phase.end_date) == (
        "Đợt 1 (sửa)",
        D(2026, 2, 1),
        D(2026, 11, 30),
    )


def test_an_invalid_phase_edit_shows_the_errors_as_typed_and_saves_nothing(client, ward, clerk):
    plan = plan_2026(ward["ward"])
    phase = plan.phases.get()
    client.force_login(clerk)

    response = client.post(
        url("phase_edit", phase_id=phase.pk),
        {"name": "Đợt dài", "start_date": "2026-03-01", "end_date": "2027-02-28"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "nằm ngoài thời gian của kế hoạch" in page
    assert 'value="Đợt dài"' in page
    phase.refresh_from_db()
    assert (phase.name, phase.end_date) == ("Đợt 1", D(2026, 10, 31))


def test_editing_a_deadline_saves_a_valid_change(client, ward, clerk):
    plan = plan_2026(ward["ward"])
    deadline = Deadline.objects.get(phase__campaign=plan)
    client.force_login(clerk)

    page = client.get(url("deadline_edit", deadline_id=deadline.pk)).content.decode()
    assert "2026-04-15" in page
    response = client.post(
        url("deadline_edit", deadline_id=deadline.pk),
        {
            "phase": deadline.phase_id,
            "kind": DeadlineKind.REGISTRATION,
            "due_date": "2026-04-30",
            "date_style": "long",
            "receiving_unit": ward["office"].pk,
            "contact_email": "vhxh@saigon.gov.vn",
        },
    )

    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.due_date == D(2026, 4, 30)
    assert deadline.receiving_unit == ward["office"]
    assert deadline.contact_email == "vhxh@saigon.gov.vn"
    assert Deadline.objects.filter(phase__campaign=plan).count() == 1


def test_an_invalid_deadline_edit_shows_the_errors_as_typed_and_saves_nothing(client, ward, clerk):
    plan = plan_2026(ward["ward"])
    deadline = Deadline.objects.get(phase__campaign=plan)
    client.force_login(clerk)

    response = client.post(
        url("deadline_edit", deadline_id=deadline.pk),
        {
            "phase": deadline.phase_id,
            "kind": DeadlineKind.REGISTRATION,
            "due_date": "2026-11-20",
            "date_style": "short",
            "description": "Đăng ký mô hình",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "ngày 20/11/2026 sau khi đợt kết thúc (31/10/2026)" in page
    assert "Đăng ký mô hình" in page
    deadline.refresh_from_db()
    assert deadline.due_date == D(2026, 4, 15)


def _target(plan, code="tthc-dung-han", value=98):
    services.kpi_catalogue_ensure(plan.tenant)
    indicator = KpiIndicator.objects.get(tenant=plan.tenant, code=code)
    return services.target_save(actor=SYSTEM, campaign=plan, indicator=indicator, value=value)


def test_editing_a_target_saves_a_valid_change(client, ward, clerk):
    plan = plan_2026(ward["ward"])
    target = _target(plan)
    client.force_login(clerk)

    assert client.get(url("target_edit", kpitarget_id=target.pk)).status_code == 200
    response = client.post(
        url("target_edit", kpitarget_id=target.pk),
        {
            "indicator": target.indicator_id,
            "comparator": "gte",
            "value": "99",
            "participant_type": "all",
        },
    )

    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == 99
    assert plan.targets.count() == 1


def test_an_invalid_target_edit_shows_the_errors_as_typed_and_saves_nothing(client, ward, clerk):
    plan = plan_2026(ward["ward"])
    target = _target(plan)
    client.force_login(clerk)

    response = client.post(
        url("target_edit", kpitarget_id=target.pk),
        {
            "indicator": target.indicator_id,
            "comparator": "gte",
            "value": "105",
            "participant_type": "all",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "100%" in page and 'value="105"' in page
    target.refresh_from_db()
    assert target.value == 98


def _schedule(plan):
    return services.report_schedule_save(
        actor=SYSTEM, campaign=plan, periods=["q1", "h1", "q3", "year"], due_day=5
    )


def test_editing_a_report_schedule_saves_a_valid_change(client, ward, clerk):
    plan = plan_2026(ward["ward"])
    schedule = _schedule(plan)
    client.force_login(clerk)

    assert client.get(url("schedule_edit", reportschedule_id=schedule.pk)).status_code == 200
    response = client.post(
        url("schedule_edit", reportschedule_id=schedule.pk),
        {
            "name": schedule.name,
            "periods": ["h1", "year"],
            "due_day": "10",
            "due_month": "last",
            "receiving_unit": ward["office"].pk,
        },
    )

    assert response.status_code == 302
    schedule.refresh_from_db()
    assert (schedule.periods, schedule.due_day, schedule.receiving_unit) == (
        ["h1", "year"],
        10,
        ward["office"],
    )


def test_an_invalid_schedule_edit_shows_the_errors_as_typed_and_saves_nothing(client, ward, clerk):
    plan = plan_2026(ward["ward"])
    schedule = _schedule(plan)
    client.force_login(clerk)

    response = client.post(
        url("schedule_edit", reportschedule_id=schedule.pk),
        {
            "name": "Báo cáo CCHC của phường",
            "periods": ["year"],
            "due_day": "5",
            "due_month": "next",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "hạn ngày 05/01/2027, sau khi kế hoạch kết thúc (31/12/2026)" in page
    assert 'value="Báo cáo CCHC của phường"' in page
    schedule.refresh_from_db()
    assert (schedule.due_month, schedule.periods) == ("last", ["q1", "h1", "q3", "year"])


# --- Confirmations ---


@pytest.mark.parametrize(
    ("name", "kwarg", "row"),
    [
        ("phase_delete", "phase_id", lambda plan: plan.phases.get()),
        ("deadline_delete", "deadline_id", lambda plan: Deadline.objects.get(phase__campaign=plan)),
        ("target_delete", "kpitarget_id", _target),
        ("schedule_delete", "reportschedule_id", _schedule),
    ],
)
def test_deleting_a_row_asks_first_and_only_a_post_deletes(client, ward, clerk, name, kwarg, row):
    plan = plan_2026(ward["ward"])
    obj = row(plan)
    client.force_login(clerk)

    response = client.get(url(name, **{kwarg: obj.pk}))

    assert response.status_code == 200
    assert "Xóa" in response.content.decode()
    assert type(obj).objects.filter(pk=obj.pk).exists()

    response = client.post(url(name, **{kwarg: obj.pk}))

    assert response.status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()


def test_cancelling_a_draft_asks_first_and_only_a_post_cancels(client, ward, clerk):
    plan = plan_2026(ward["ward"])
    client.force_login(clerk)

    page = client.get(url("cancel", campaign_id=plan.pk)).content.decode()

    assert "Hủy dự thảo" in page and "không cấp số" in page
    assert Campaign.objects.get(pk=plan.pk).is_draft

    client.post(url("cancel", campaign_id=plan.pk))

    assert Campaign.objects.get(pk=plan.pk).status == Campaign.Status.CANCELLED


def test_the_launch_confirmation_says_what_launching_does(client, ward, clerk):
    plan = plan_2026(ward["ward"])
    client.force_login(clerk)

    response = client.get(url("launch", campaign_id=plan.pk))

    page = response.content.decode()
    assert response.status_code == 200
    assert "cấp số tiếp theo trong sổ văn bản của Ủy ban nhân dân phường Sài Gòn" in page
    assert "Danh sách đơn vị tham gia được cố định: 3 đơn vị tham gia" in page
    assert "Bản PDF chính thức được phát hành" in page
    plan.refresh_from_db()
    assert plan.is_draft and plan.number is None


def test_launching_happens_only_on_post(client, ward, clerk):
    plan = plan_2026(ward["ward"])
    client.force_login(clerk)

    response = client.post(url("launch", campaign_id=plan.pk), {"issued_on": "2026-01-05"})

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_launched and plan.number is not None
    assert plan.participations.count() == 3


# --- Upper-level plans outside the system ---


def _external(tenant, **deadlines):
    plan = services.external_plan_save(
        actor=SYSTEM,
        tenant_id=tenant.pk,
        number="244/KH-SGDĐT",
        issued_on=D(2025, 12, 29),
        issuing_body="Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh",
        title="Phát động phong trào thi đua “Cải cách hành chính” năm 2026",
    )
    for kind_, due in deadlines.items():
        services.external_deadline_save(actor=SYSTEM, plan=plan, kind=kind_, due_date=due)
    return plan


def test_a_tenant_admin_records_an_upper_level_plan_and_its_deadlines(client, ward):
    client.force_login(member(ward["ward"], Role.TENANT_ADMIN))

    response = client.post(
        url("external_plans"),
        {
            "number": "244/KH-SGDĐT",
            "issued_on": "2025-12-29",
            "issuing_body": "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh",
            "title": "Phát động phong trào thi đua “Cải cách hành chính” năm 2026",
        },
    )
    plan = ExternalPlan.objects.get(tenant=ward["ward"].tenant)
    assert response.status_code == 302
    client.post(
        url("external_deadline_add", externalplan_id=plan.pk),
        {"kind": DeadlineKind.REGISTRATION, "due_date": "2026-10-20"},
    )

    assert list(plan.deadlines.values_list("kind", "due_date")) == [
        ("registration", D(2026, 10, 20))
    ]
    assert plan.history.count() == 1
    page = client.get(url("external_plan", externalplan_id=plan.pk)).content.decode()
    assert "20/10/2026" in page and "Lịch sử thay đổi" in page


def test_the_same_upper_level_plan_is_recorded_once_per_tenant(client, ward, clerk):
    _external(ward["ward"].tenant)
    client.force_login(clerk)

    response = client.post(
        url("external_plans"),
        {
            "number": "244/KH-SGDĐT",
            "issued_on": "2025-12-29",
            "issuing_body": "Sở GD&ĐT",
            "title": "Trùng",
        },
    )

    assert response.status_code == 200
    assert "Kế hoạch số 244/KH-SGDĐT ngày 29/12/2025 đã được nhập." in response.content.decode()
    assert ExternalPlan.objects.count() == 1


def test_editing_an_upper_level_deadline_keeps_its_history(client, ward, clerk):
    external = _external(ward["ward"].tenant, registration=D(2026, 10, 20))
    deadline = external.deadlines.get()
    client.force_login(clerk)

    response = client.post(
        url("external_deadline_edit", externaldeadline_id=deadline.pk),
        {"kind": DeadlineKind.REGISTRATION, "due_date": "2026-10-25"},
    )

    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.due_date == D(2026, 10, 25)
    assert deadline.history.count() == 2


def test_a_plan_based_on_an_outside_plan_cites_it_and_takes_its_years(ward):
    external = _external(ward["ward"].tenant, registration=D(2026, 10, 20))

    plan = services.campaign_create(
        actor=SYSTEM,
        issuing_unit=ward["ward"],
        based_on_external=external,
        participant_kinds=[kind("truong-mam-non")],
    )

    assert plan.based_on_external == external
    assert plan.title == external.title
    assert (plan.start_date, plan.end_date) == (D(2026, 1, 1), D(2026, 12, 31))
    assert plan.legal_basis == (
        "Căn cứ Kế hoạch số 244/KH-SGDĐT ngày 29 tháng 12 năm 2025 của Sở Giáo dục và Đào tạo "
        "Thành phố Hồ Chí Minh về Phát động phong trào thi đua “Cải cách hành chính” năm 2026;"
    )


def test_a_deadline_after_the_outside_plans_is_refused_naming_both_dates(ward):
    external = _external(ward["ward"].tenant, registration=D(2026, 10, 20))
    plan = services.campaign_create(
        actor=SYSTEM,
        issuing_unit=ward["ward"],
        based_on_external=external,
        participant_kinds=[kind("truong-mam-non")],
    )
    phase = services.phase_save(
        actor=SYSTEM,
        campaign=plan,
        name="Đợt 1",
        start_date=D(2026, 3, 1),
        end_date=D(2026, 10, 31),
    )

    with pytest.raises(ValidationError) as excinfo:
        services.deadline_save(
            actor=SYSTEM, phase=phase, kind=DeadlineKind.REGISTRATION, due_date=D(2026, 10, 25)
        )

    assert "(Đợt 1): ngày 25/10/2026 sau hạn của kế hoạch cấp trên (20/10/2026)" in messages_of(
        excinfo
    )
    assert not phase.deadlines.exists()
    # Before the outside plan's deadline, it saves; another kind is not compared.
    services.deadline_save(
        actor=SYSTEM, phase=phase, kind=DeadlineKind.REGISTRATION, due_date=D(2026, 10, 15)
    )
    services.deadline_save(
        actor=SYSTEM, phase=phase, kind=DeadlineKind.SUMMARY, due_date=D(2026, 10, 30)
    )


def test_basing_a_draft_on_an_outside_plan_later_checks_its_deadlines(ward):
    plan = plan_2026(ward["ward"])  # registration due 15/4/2026
    external = _external(ward["ward"].tenant, registration=D(2026, 4, 10))

    with pytest.raises(ValidationError) as excinfo:
        services.campaign_update(actor=SYSTEM, campaign=plan, based_on_external=external)

    assert "ngày 15/4/2026 sau hạn của kế hoạch cấp trên (10/4/2026)" in messages_of(excinfo)
    assert Campaign.objects.get(pk=plan.pk).based_on_external is None

    services.deadline_save(
        actor=SYSTEM,
        phase=plan.phases.get(),
        deadline=Deadline.objects.get(phase__campaign=plan),
        due_date=D(2026, 4, 8),
    )
    services.campaign_update(actor=SYSTEM, campaign=plan, based_on_external=external)

    plan.refresh_from_db()
    assert plan.based_on_external == external
    assert plan.legal_basis.startswith("Căn cứ Kế hoạch số 244/KH-SGDĐT ngày 29 tháng 12 năm 2025")


def test_the_create_page_prefills_from_an_outside_plan(client, ward, clerk):
    external = _external(ward["ward"].tenant, registration=D(2026, 10, 20))
    client.force_login(clerk)

    page = client.get(url("create"), {"based_on_external": external.pk}).content.decode()

    assert "Căn cứ Kế hoạch số 244/KH-SGDĐT ngày 29 tháng 12 năm 2025" in page
    assert 'value="2026-01-01"' in page and 'value="2026-12-31"' in page

    response = client.post(
        url("create"),
        {"based_on_external": external.pk, "participant_kinds": [kind("truong-mam-non").pk]},
    )

    assert response.status_code == 302
    assert Campaign.objects.get(based_on_external=external).title == external.title


def test_a_school_head_cannot_open_the_upper_level_plans(client, ward):
    external = _external(ward["ward"].tenant, registration=D(2026, 10, 20))
    client.force_login(member(ward["schools"][0], Role.UNIT_HEAD))

    assert client.get(url("external_plans")).status_code == 403
    assert client.get(url("external_plan", externalplan_id=external.pk)).status_code == 403
    response = client.post(
        url("external_deadline_add", externalplan_id=external.pk),
        {"kind": "summary", "due_date": "2026-12-01"},
    )
    assert response.status_code == 403
    assert external.deadlines.count() == 1


def test_another_tenants_reviewer_gets_404_for_an_upper_level_plan(client, ward):
    external = _external(ward["ward"].tenant, registration=D(2026, 10, 20))
    deadline = external.deadlines.get()
    other = UnitFactory(department=True)
    client.force_login(member(other, Role.REVIEWER))

    assert client.get(url("external_plan", externalplan_id=external.pk)).status_code == 404
    assert (
        client.post(url("external_deadline_delete", externaldeadline_id=deadline.pk)).status_code
        == 404
    )
    assert ExternalDeadline.objects.filter(pk=deadline.pk).exists()
    assert client.get(url("external_plans")).status_code == 200
    assert "29/12/2025" not in client.get(url("external_plans")).content.decode()


def test_a_school_head_cannot_edit_or_delete_the_wards_rows(client, ward):
    plan = plan_2026(ward["ward"])
    phase = plan.phases.get()
    client.force_login(member(ward["schools"][0], Role.UNIT_HEAD))

    assert client.get(url("phase_edit", phase_id=phase.pk)).status_code == 404
    assert client.post(url("phase_delete", phase_id=phase.pk)).status_code == 404
    assert client.post(url("launch", campaign_id=plan.pk)).status_code == 404
    assert Phase.objects.filter(pk=phase.pk).exists()


def test_another_tenants_reviewer_cannot_edit_a_deadline(client, ward):
    plan = plan_2026(ward["ward"])
    deadline = Deadline.objects.get(phase__campaign=plan)
    client.force_login(member(UnitFactory(department=True), Role.REVIEWER))

    response = client.post(
        url("deadline_edit", deadline_id=deadline.pk),
        {"phase": deadline.phase_id, "kind": "registration", "due_date": "2026-04-20"},
    )

    assert response.status_code == 404
    deadline.refresh_from_db()
    assert deadline.due_date == D(2026, 4, 15)


# --- A plan based on another ---


@pytest.fixture
def parent_plan(tree):
    """The department's launched plan with a target and a contact e-mail on its deadline."""
    plan = campaign(tree["department"], kinds=("phong-gddt", "truong-mam-non"))
    _target(plan, value=98)
    Deadline.objects.filter(phase__campaign=plan).update(contact_email="thiduakhenthuong@sgd.vn")
    return services.campaign_launch(actor=SYSTEM, campaign=plan, issued_on=D(2024, 3, 20))


def test_a_plan_based_on_another_copies_its_targets_and_receives_at_its_own_unit(tree, parent_plan):
    office = tree["office_a"]
    office.email = "pgd-a@quan.edu.vn"
    office.save()

    child = services.campaign_create(actor=SYSTEM, issuing_unit=office, based_on=parent_plan)

    assert child.title == parent_plan.title
    assert (child.start_date, child.end_date) == (parent_plan.start_date, parent_plan.end_date)
    assert child.legal_basis.startswith("Căn cứ Kế hoạch số 01/KH-SGDĐT")
    assert list(
        KpiTarget.objects.filter(campaign=child).values_list("indicator__code", "value")
    ) == [("tthc-dung-han", 98)]
    deadline = Deadline.objects.get(phase__campaign=child)
    assert (deadline.receiving_unit, deadline.contact_email) == (office, "pgd-a@quan.edu.vn")


def test_the_create_page_prefills_title_period_and_basis_from_the_parent(client, tree, parent_plan):
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    page = client.get(url("create"), {"based_on": parent_plan.pk}).content.decode()

    assert f'value="{parent_plan.title}"' in page
    assert 'value="2024-01-01"' in page and 'value="2024-12-31"' in page
    assert "Căn cứ Kế hoạch số 01/KH-SGDĐT ngày 20 tháng 3 năm 2024" in page


def test_the_receiving_unit_list_offers_the_plan_unit_and_its_offices_not_schools(ward):
    plan = plan_2026(ward["ward"])

    for form in (DeadlineForm(campaign=plan), ReportScheduleForm(campaign=plan)):
        offered = set(form.fields["receiving_unit"].queryset)
        assert offered == {ward["ward"], ward["office"]}
    form = DeadlineForm(campaign=plan)
    assert form.fields["receiving_unit"].initial == ward["ward"].pk
    assert form.fields["contact_email"].initial == "ubnd@saigon.gov.vn"


def test_a_school_received_row_keeps_its_unit_when_edited(ward):
    plan = plan_2026(ward["ward"])
    school = ward["schools"][0]

    form = DeadlineForm(campaign=plan, keep_unit=school.pk)

    assert school in form.fields["receiving_unit"].queryset


def test_the_drafts_page_links_each_row_to_its_edit_and_delete_pages(client, ward, clerk):
    plan = plan_2026(ward["ward"])
    target, schedule = _target(plan), _schedule(plan)
    deadline = Deadline.objects.get(phase__campaign=plan)
    client.force_login(clerk)

    page = client.get(url("detail", campaign_id=plan.pk)).content.decode()

    for name, kwargs in (
        ("phase_edit", {"phase_id": plan.phases.get().pk}),
        ("deadline_edit", {"deadline_id": deadline.pk}),
        ("deadline_delete", {"deadline_id": deadline.pk}),
        ("target_edit", {"kpitarget_id": target.pk}),
        ("schedule_edit", {"reportschedule_id": schedule.pk}),
        ("schedule_delete", {"reportschedule_id": schedule.pk}),
        ("launch", {"campaign_id": plan.pk}),
        ("cancel", {"campaign_id": plan.pk}),
    ):
        assert f'href="{url(name, **kwargs)}"' in page, name
    # Nothing on the page launches, cancels or deletes without the confirmation page.
    assert f'action="{url("launch", campaign_id=plan.pk)}"' not in page
    assert f'action="{url("deadline_delete", deadline_id=deadline.pk)}"' not in page


def test_deleting_a_scoring_criterion_asks_first(client, ward, clerk):
    plan = plan_2026(ward["ward"])
    criterion = services.criterion_save(
        actor=SYSTEM, campaign=plan, name="Tính mới", weight=1, max_points=10
    )
    client.force_login(clerk)
    address = url("criterion_delete", campaign_id=plan.pk) + f"?criterion={criterion.pk}"

    page = client.get(address).content.decode()

    assert "Xóa tiêu chí “Tính mới”?" in page
    assert plan.criteria.exists()

    client.post(address)

    assert not plan.criteria.exists()


def test_every_edit_page_opens_with_the_rows_saved_values(client, ward, clerk):
    plan = plan_2026(ward["ward"])
    phase = plan.phases.get()
    deadline = Deadline.objects.get(phase__campaign=plan)
    target, schedule = _target(plan), _schedule(plan)
    client.force_login(clerk)

    def initial(name, **kwargs):
        return client.get(url(name, **kwargs)).context["form"].initial

    assert initial("phase_edit", phase_id=phase.pk) == {
        "name": "Đợt 1",
        "start_date": D(2026, 3, 1),
        "end_date": D(2026, 10, 31),
        "description": phase.description,
    }
    shown = initial("deadline_edit", deadline_id=deadline.pk)
    assert shown["phase"] == phase.pk and shown["due_date"] == D(2026, 4, 15)
    assert shown["kind"] == "registration" and shown["receiving_unit"] == ward["ward"].pk
    shown = initial("target_edit", kpitarget_id=target.pk)
    assert (shown["indicator"], shown["value"]) == (target.indicator_id, target.value)
    shown = initial("schedule_edit", reportschedule_id=schedule.pk)
    assert (shown["periods"], shown["due_day"]) == (["q1", "h1", "q3", "year"], 5)
