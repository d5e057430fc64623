"""Forms that guard the user (issue 17, item 5): required fields are marked, a bad value gets
one message, a deadline before the plan's date of issue stops the launch, a create form sent
twice makes one object, the council form ticks nobody present in advance and offers the year
whose nominations wait, and the reviewer's decision starts unchosen."""

import datetime
import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from awards.forms import ConductForm, DecisionForm, SessionForm
from awards.models import CouncilSession, Nomination, Subject
from campaign.forms import (
    CampaignCreateForm,
    DeadlineForm,
    ExtensionForm,
    ExternalDeadlineForm,
    ExternalPlanForm,
    LaunchForm,
    PhaseForm,
    TargetForm,
)
from campaign.models import Campaign
from initiatives.forms import BulkDecisionForm
from initiatives.forms import DecisionForm as ReviewDecisionForm
from initiatives.models import Initiative
from tests.factories import (
    award_type,
    campaign,
    council,
    initiative,
    local_time,
    member,
)
from units.forms import UnitMoveForm
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


# --- Required fields marked ----------------------------------------------------------------


class _Sample(forms.Form):
    name = forms.CharField(label="Tên")
    note = forms.CharField(label="Ghi chú", required=False)
    kinds = forms.MultipleChoiceField(
        label="Loại đơn vị",
        choices=[("a", "Trường mầm non"), ("b", "Trường tiểu học")],
        widget=forms.CheckboxSelectMultiple,
    )
    answer = forms.ChoiceField(
        label="Quyết định", choices=[("y", "Có"), ("n", "Không")], widget=forms.RadioSelect
    )
    token = forms.CharField(widget=forms.HiddenInput, initial="abc")


class _AllOptional(forms.Form):
    note = forms.CharField(label="Ghi chú", required=False)


def test_the_shared_form_marks_required_fields_and_says_what_the_mark_means():
    html = render_to_string("units/_form.html", {"form": _Sample()})

    assert html.count('data-testid="required-legend"') == 1
    assert "* </span>" not in html and "bắt buộc" in html
    # Tên, Loại đơn vị and Quyết định are required; Ghi chú is not.
    assert html.count('<span class="text-danger" aria-hidden="true">*</span>') == 1 + 3
    assert re.search(r'<input[^>]*name="name"[^>]*required', html)
    assert not re.search(r'<input[^>]*name="note"[^>]*required', html)


def test_a_form_without_required_fields_has_no_legend():
    html = render_to_string("units/_form.html", {"form": _AllOptional()})

    assert "required-legend" not in html


def test_checkbox_and_radio_groups_are_fieldsets_with_a_legend_and_no_empty_for():
    html = render_to_string("units/_form.html", {"form": _Sample()})

    assert 'for=""' not in html
    assert html.count("<fieldset") == 2
    assert re.search(r"<legend[^>]*>Loại đơn vị", html) and re.search(
        r"<legend[^>]*>Quyết định", html
    )
    # Each box has its own label, and each radio of a required choice is required.
    assert html.count('class="form-check-label" for="id_kinds_') == 2
    assert len(re.findall(r'type="radio"[^>]*required', html)) == 2


def test_a_hidden_field_has_no_label():
    html = render_to_string("units/_form.html", {"form": _Sample()})

    assert 'type="hidden" name="token"' in html
    assert 'for="id_token"' not in html


# --- One message per problem ----------------------------------------------------------------

BAD_DATE, BAD_NUMBER = "30/02/2024", "mười"
ONE_DATE_MESSAGE = "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/06/2026."


def _date_forms(tree):
    plan = campaign(tree["office_a"])
    return [
        CampaignCreateForm,
        PhaseForm,
        lambda data: DeadlineForm(data, campaign=plan),
        LaunchForm,
        ExtensionForm,
        ExternalPlanForm,
        ExternalDeadlineForm,
        lambda data: SessionForm(data, campaigns=Campaign.objects.all()),
        DecisionForm,
        ConductForm,
        lambda data: UnitMoveForm(data, unit=tree["a1"]),
    ]


def test_a_bad_date_in_any_form_gets_one_message_and_nothing_above_the_form(tree):
    for make in _date_forms(tree):
        dates = [n for n, f in make(None).fields.items() if isinstance(f, forms.DateField)]
        for name in dates:
            form = make({name: BAD_DATE})
            form.is_valid()
            where = f"{type(form).__name__}.{name}"
            assert form.errors[name] == ["Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/06/2026."], (
                where
            )
            assert not form.non_field_errors(), where


def test_an_empty_required_field_gets_one_message(tree):
    for make in _date_forms(tree):
        form = make({})
        form.is_valid()
        for name, field in form.fields.items():
            if field.required:
                assert len(form.errors[name]) == 1, f"{type(form).__name__}.{name}"


def test_a_bad_number_gets_one_message(tree):
    forms_with_numbers = [
        lambda data: TargetForm(data, tenant_id=tree["office_a"].tenant_id),
        lambda data: SessionForm(data, campaigns=Campaign.objects.all()),
        ConductForm,
    ]
    for make in forms_with_numbers:
        numbers = [
            n
            for n, f in make(None).fields.items()
            if isinstance(f, forms.IntegerField | forms.DecimalField)
        ]
        for name in numbers:
            form = make({name: BAD_NUMBER})
            form.is_valid()
            assert len(form.errors[name]) == 1, f"{type(form).__name__}.{name}"


def test_the_plan_page_shows_one_message_under_a_bad_start_date(client, tree):
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    page = client.post(
        reverse("campaign:create"),
        {"title": "Kế hoạch năm 2026", "start_date": BAD_DATE, "end_date": "2026-12-31"},
    ).content.decode()

    start = page.index('name="start_date"')
    block = page[start : page.index("</div>", page.index("invalid-feedback", start))]
    assert page.count("invalid-feedback") == 1
    assert "Nhập ngày theo dạng ngày/tháng/năm" in block
    assert "Trường này là bắt buộc" not in page


# --- A deadline before the date of issue ----------------------------------------------------


def _plan_2026(unit):
    return campaign(
        unit,
        title="Phát động phong trào thi đua “Cải cách hành chính” năm 2026",
        start=D(2026, 1, 1),
        end=D(2026, 12, 31),
        phases=(("Đợt 1", (2026, 1, 1), (2026, 10, 31), [("registration", (2026, 1, 10))]),),
    )


def test_the_launch_page_flags_a_deadline_before_the_date_of_issue_and_refuses_it(client, tree):
    plan = _plan_2026(tree["office_a"])
    client.force_login(member(tree["office_a"], Role.REVIEWER))
    url = reverse("campaign:launch", kwargs={"campaign_id": plan.pk})

    answer = client.post(url, {"issued_on": "2026-01-15"})

    page = answer.content.decode()
    assert answer.status_code == 200
    assert 'data-testid="campaign-problems"' in page
    assert "10/01/2026 trước ngày ban hành kế hoạch (15/01/2026)" in page
    assert 'value="2026-01-15"' in page  # the date typed stays
    plan.refresh_from_db()
    assert plan.is_draft and plan.number is None

    answer = client.post(url, {"issued_on": "2026-01-05"})

    assert answer.status_code == 302
    plan.refresh_from_db()
    assert plan.is_launched and plan.issued_on == D(2026, 1, 5)


def test_the_confirmation_lists_the_deadline_against_todays_date_before_anything_is_sent(
    client, tree
):
    plan = _plan_2026(tree["office_a"])
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    page = client.get(reverse("campaign:launch", kwargs={"campaign_id": plan.pk})).content.decode()

    assert "10/01/2026 trước ngày ban hành kế hoạch" in page


# --- A create form sent twice ---------------------------------------------------------------


def _token(page: str) -> str:
    return re.search(r'name="form_token" value="([0-9a-f]{32})"', page)[1]


def test_saving_the_new_plan_form_twice_makes_one_draft(client, tree):
    client.force_login(member(tree["office_a"], Role.REVIEWER))
    url = reverse("campaign:create")
    data = {
        "title": "Kế hoạch năm 2026",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "form_token": _token(client.get(url).content.decode()),
    }

    first = client.post(url, data)
    second = client.post(url, data, follow=True)

    plan = Campaign.objects.get()
    assert first.url == second.redirect_chain[0][0] == f"/campaigns/{plan.pk}/"
    assert "Đã tạo trước đó" in second.content.decode()
    # A new form (a new token) makes a new plan.
    data["form_token"] = _token(client.get(url).content.decode())
    client.post(url, data)
    assert Campaign.objects.count() == 2


def test_a_form_sent_back_with_errors_keeps_its_token(client, tree):
    client.force_login(member(tree["office_a"], Role.REVIEWER))
    url = reverse("campaign:create")
    token = _token(client.get(url).content.decode())

    page = client.post(url, {"title": "", "form_token": token}).content.decode()

    assert _token(page) == token


def test_saving_the_new_nomination_twice_makes_one(client, tree):
    plan = campaign(tree["office_a"], launch_on=D(2024, 3, 20))
    award = award_type(
        tree["a1"].tenant, name="Tập thể lao động tiên tiến", subject=Subject.COLLECTIVE
    )
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))
    data = {
        "campaign": plan.pk,
        "award_type": award.pk,
        "year": 2024,
        "rating": "excellent",
        "achievements": "Hoàn thành xuất sắc nhiệm vụ năm học.",
        "form_token": _token(client.get("/awards/new/").content.decode()),
    }

    client.post("/awards/new/", data)
    again = client.post("/awards/new/", data, follow=True)

    nomination = Nomination.objects.get()
    assert again.redirect_chain[0][0] == f"/awards/{nomination.pk}/"
    assert "Đã tạo trước đó" in again.content.decode()


def _council_data(nomination, token):
    return {
        "campaign": nomination.campaign_id,
        "year": "2024",
        "held_on": "2024-10-01",
        "starts_at": "08:00",
        "place": "Phòng họp",
        "form_token": token,
        "members-TOTAL_FORMS": "3",
        "members-INITIAL_FORMS": "0",
        "members-0-full_name": "Trần Văn Chủ",
        "members-0-role": "chair",
        "members-0-present": "on",
        "members-1-full_name": "Lê Thị Thư",
        "members-1-role": "secretary",
        "members-1-present": "on",
        "members-2-full_name": "",
        "members-2-role": "member",
    }


@pytest.fixture
def waiting(tree):
    """Two nominations of 2024 sent to Phòng A's council and on no session yet."""
    draft = council(tree["office_a"], collectives=2, individuals=0, close=False)
    draft.votes.all().delete()
    draft.delete()
    return Nomination.objects.filter(status=Nomination.Status.SUBMITTED)


def test_opening_the_council_session_twice_makes_one(client, tree, waiting):
    client.force_login(member(tree["office_a"], Role.AWARD_OFFICER))
    url = reverse("awards:council_create")
    data = _council_data(waiting.first(), _token(client.get(url).content.decode()))

    client.post(url, data)
    again = client.post(url, data, follow=True)

    session = CouncilSession.objects.get()
    assert again.redirect_chain[0][0] == f"/awards/councils/{session.pk}/"
    assert "Đã tạo trước đó" in again.content.decode()


def test_back_then_register_again_opens_the_empty_draft_made_the_first_time(client, tree):
    plan = campaign(tree["office_a"], launch_on=D(2024, 3, 20))
    deadline = plan.phases.get().deadlines.get()
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))
    url = reverse("initiatives:create", kwargs={"deadline_id": deadline.pk})

    first = client.post(url)
    again = client.post(url, follow=True)

    item = Initiative.objects.get()
    assert first.url == again.redirect_chain[0][0] == f"/initiatives/{item.pk}/edit/"
    assert "Đã tạo trước đó" in again.content.decode()
    # Once it has a name, the button registers a second item.
    Initiative.objects.filter(pk=item.pk).update(name="Số hóa hồ sơ")
    client.post(url)
    assert Initiative.objects.count() == 2


# --- The council form -----------------------------------------------------------------------


def test_the_council_form_ticks_nobody_present_and_labels_every_member_input(client, tree, waiting):
    client.force_login(member(tree["office_a"], Role.AWARD_OFFICER))

    page = client.get(reverse("awards:council_create")).content.decode()

    rows = page[page.index('data-testid="member-rows"') : page.index("</table>")]
    assert "checked" not in rows
    controls = re.findall(r'<(?:input|select)[^>]*id="(id_members-[^"]+)"', rows)
    assert len(controls) == 3 * 5  # name, position, role, present, absent voted in writing
    for control in controls:
        assert f'for="{control}"' in rows, control
    assert "Họ và tên, dòng 1" in rows


def test_the_council_year_is_the_year_whose_nominations_wait(client, tree, waiting):
    client.force_login(member(tree["office_a"], Role.AWARD_OFFICER))

    form = client.get(reverse("awards:council_create")).context["form"]

    assert form["year"].value() == 2024
    assert form["campaign"].value() == waiting.first().campaign_id


def test_a_blank_attendance_box_means_absent(client, tree, waiting):
    client.force_login(member(tree["office_a"], Role.AWARD_OFFICER))
    url = reverse("awards:council_create")
    data = _council_data(waiting.first(), _token(client.get(url).content.decode()))
    data.update({"members-2-full_name": "Ủy viên Vắng", "members-2-role": "member"})

    client.post(url, data)

    absent = CouncilSession.objects.get().members.get(full_name="Ủy viên Vắng")
    assert absent.present is False


# --- The reviewer's decision ----------------------------------------------------------------


def test_the_review_decision_starts_unchosen_and_asks_for_a_choice(client, tree):
    plan = campaign(tree["office_a"], launch_on=D(2024, 3, 20))
    deadline = plan.phases.get().deadlines.get()
    item = initiative(
        tree["a1"],
        deadline,
        name="Số hóa hồ sơ tuyển sinh",
        kind="solution",
        area="procedures",
        situation="Hồ sơ giấy.",
        objectives="Giảm thời gian.",
        expected_results="100% trực tuyến.",
    )
    from initiatives import services

    services.initiative_submit(actor=SYSTEM, initiative=item, now=local_time(2024, 8, 20))
    client.force_login(member(tree["office_a"], Role.REVIEWER))
    detail = reverse("initiatives:detail", kwargs={"initiative_id": item.pk})

    page = client.get(detail).content.decode()
    radios = re.findall(r'<input[^>]*name="decision"[^>]*>', page)
    assert len(radios) == 3 and not any("checked" in radio for radio in radios)

    answer = client.post(
        reverse("initiatives:decide", kwargs={"initiative_id": item.pk}),
        {"comment": "Đã xem."},
        follow=True,
    )

    assert "Hãy chọn một quyết định trước khi ghi nhận." in answer.content.decode()
    assert Initiative.objects.get(pk=item.pk).status == Initiative.Status.SUBMITTED


def test_no_decision_form_has_a_default():
    assert ReviewDecisionForm()["decision"].value() is None
    bulk = BulkDecisionForm(items=Initiative.objects.none())
    assert bulk["decision"].value() is None
    assert bulk.fields["decision"].choices[0] == ("", "— Chọn —")
    assert not BulkDecisionForm({"items": []}, items=Initiative.objects.none()).is_valid()


def test_with_no_plan_to_build_on_the_title_and_period_are_marked_required(client, tree):
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    page = client.get(reverse("campaign:create")).content.decode()

    for name in ("title", "start_date", "end_date"):
        assert re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*required', page), name
