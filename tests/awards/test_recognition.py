"""Recognition of initiatives at unit level: a unit's head (or whoever holds its council)
recognises, by a numbered decision with its annex list, initiatives of the unit's subtree
applied with effect, each once; through the services, the pages and the PDF."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards import rules, selectors, services
from awards.models import RecognisedInitiative, Recognition, recognised_filter
from documents.models import DocumentType, IssuedNumber, RenderJob
from documents.services import pdf_text
from tests.factories import (
    PersonFactory,
    UnitFactory,
    accepted_initiative,
    applied_initiative,
    member,
    plan_with_results,
)
from tests.queries import assert_query_count
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

DECIDED_ON = datetime.date(2024, 11, 15)


@pytest.fixture
def office(tree):
    """Phòng A's plan with a result phase, taken part in by its two schools."""
    plan = plan_with_results(tree["office_a"])
    return {**tree, "plan": plan}


def applied(office, unit_key, name, **fields):
    return applied_initiative(office[unit_key], office["plan"], name=name, **fields)


def draft(unit, items, *, actor=SYSTEM, **fields):
    return services.recognition_save(
        actor=actor,
        unit=unit,
        year=fields.pop("year", 2024),
        decided_on=fields.pop("decided_on", DECIDED_ON),
        signer_position=fields.pop("signer_position", "Hiệu trưởng"),
        signer_name=fields.pop("signer_name", "Nguyễn Thị Hiệu"),
        entries=[(item, f"Hiệu quả của {item.name}") for item in items],
        **fields,
    )


# --- who and what ------------------------------------------------------------------------


def test_the_head_the_award_officer_and_the_administrator_recognise_a_units_initiatives(tree):
    school = tree["a1"]
    assert rules.can_recognise(member(school, Role.UNIT_HEAD), school)
    assert rules.can_recognise(member(school, Role.AWARD_OFFICER), school)
    assert rules.can_recognise(member(tree["department"], Role.TENANT_ADMIN), school)
    assert rules.can_recognise(SYSTEM, school)


def test_a_teacher_another_units_head_and_a_reviewer_do_not(office):
    item = applied(office, "a1", "Sổ điểm điện tử")
    school = office["a1"]
    for outsider in (
        member(school, Role.UNIT_STAFF),
        member(office["a2"], Role.UNIT_HEAD),
        member(office["office_a"], Role.REVIEWER),
    ):
        assert not rules.can_recognise(outsider, school)
        with pytest.raises(PermissionDenied):
            draft(school, [item], actor=outsider)
    # The head of the office above does not recognise in the school's name either.
    assert not rules.can_recognise(member(office["office_a"], Role.UNIT_HEAD), school)
    assert not Recognition.objects.exists()


def test_the_eligible_list_holds_the_subtrees_initiatives_applied_with_effect(office):
    mine = applied(office, "a1", "Tuyển sinh trực tuyến")
    below = applied(office, "a2", "Ký số văn bản")
    elsewhere = applied_initiative(
        office["b1"], plan_with_results(office["office_b"]), name="Của Phòng B"
    )
    only_accepted = accepted_initiative(
        office["a1"], office["plan"].phases.get(name="Đợt 1").deadlines.get(), name="Mới đăng ký"
    )
    recognised = applied(office, "a2", "Đã công nhận")
    draft(office["a2"], [recognised])

    # Phòng B's school is not below Phòng A; a recognised one (even on a draft) is not offered.
    assert list(selectors.recognisable_initiatives(office["office_a"])) == [mine, below]
    assert list(selectors.recognisable_initiatives(office["a1"])) == [mine]
    assert elsewhere in selectors.recognisable_initiatives(office["department"])
    assert only_accepted not in selectors.recognisable_initiatives(office["office_a"])


def test_an_initiative_is_recognised_once(office):
    item = applied(office, "a1", "Sổ liên lạc điện tử")
    first = services.recognition_issue(actor=SYSTEM, recognition=draft(office["a1"], [item]))

    with pytest.raises(ValidationError) as error:
        draft(office["office_a"], [item])

    assert error.value.message_dict["initiatives"] == [
        "“Sổ liên lạc điện tử” đã được công nhận theo Quyết định số "
        f"{first.number.display} ngày 15/11/2024."
    ]
    assert Recognition.objects.count() == 1


def test_an_initiative_on_another_draft_is_refused_naming_the_draft(office):
    item = applied(office, "a1", "Sổ liên lạc điện tử")
    draft(office["a1"], [item])

    with pytest.raises(ValidationError, match="đã có trong một dự thảo quyết định công nhận"):
        draft(office["office_a"], [item])


def test_another_tenants_initiative_is_refused_without_its_name(office):
    foreign_root = UnitFactory(department=True)
    foreign_school = UnitFactory(parent=foreign_root)
    foreign = applied_initiative(
        foreign_school, plan_with_results(foreign_root), name="Bí mật của tỉnh khác"
    )

    with pytest.raises(ValidationError) as error:
        draft(office["office_a"], [foreign])

    assert error.value.message_dict["initiatives"] == [
        "Có sáng kiến được chọn thuộc đơn vị sử dụng khác."
    ]
    assert not Recognition.objects.exists()


def test_an_empty_list_a_future_year_and_an_initiative_outside_the_subtree_are_refused(office):
    outside = applied(office, "a2", "Của trường A2")
    not_applied = accepted_initiative(
        office["a1"], office["plan"].phases.get(name="Đợt 1").deadlines.get(), name="Chưa áp dụng"
    )
    next_year = timezone.localdate().year + 1

    with pytest.raises(ValidationError) as error:
        draft(office["a1"], [], decided_on=datetime.date(next_year, 1, 5))
    assert error.value.message_dict == {
        "decided_on": [f"Ngày quyết định thuộc năm {next_year}, là năm chưa đến."],
        "initiatives": ["Chọn ít nhất một sáng kiến để công nhận."],
    }
    with pytest.raises(ValidationError) as error:
        draft(office["a1"], [outside, not_applied])
    assert error.value.message_dict["initiatives"] == [
        f"“Của trường A2” không phải là sáng kiến của {office['a1'].name} hoặc của đơn vị "
        "trực thuộc.",
        "“Chưa áp dụng” chưa được áp dụng có hiệu quả: báo cáo kết quả (Mẫu 2) phải được "
        "chấp nhận trước.",
    ]
    assert not Recognition.objects.exists()


def decisions(unit) -> list[str]:
    return [
        n.display for n in IssuedNumber.objects.filter(unit=unit, doc_type=DocumentType.DECISION)
    ]


# --- issuing -----------------------------------------------------------------------------


def test_issuing_numbers_the_decision_from_the_register_once_and_it_no_longer_changes(
    office, django_capture_on_commit_callbacks
):
    first = applied(office, "a1", "Tuyển sinh trực tuyến")
    second = applied(office, "a2", "Ký số văn bản")
    recognition = draft(office["office_a"], [first])
    # A draft changes: another initiative, another date.
    recognition = draft(
        office["office_a"],
        [first, second],
        recognition=recognition,
        decided_on=datetime.date(2024, 11, 20),
    )
    assert recognition.number is None
    assert recognition.entries.count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        recognition = services.recognition_issue(actor=SYSTEM, recognition=recognition)

    assert recognition.number.display == "01/QĐ-PGD-A"
    assert recognition.number.issued_on == datetime.date(2024, 11, 20)
    assert decisions(office["office_a"]) == ["01/QĐ-PGD-A"]
    job = RenderJob.objects.get(builder=services.RECOGNITION_BUILDER)
    assert job.status == RenderJob.Status.DONE, job.error

    with pytest.raises(ValidationError, match="không thể thay đổi"):
        services.recognition_issue(actor=SYSTEM, recognition=recognition)
    with pytest.raises(ValidationError, match="không thể thay đổi"):
        draft(office["office_a"], [first], recognition=recognition)
    with pytest.raises(ValidationError, match="không thể thay đổi"):
        services.recognition_delete(actor=SYSTEM, recognition=recognition)
    assert decisions(office["office_a"]) == ["01/QĐ-PGD-A"]
    assert recognition.entries.count() == 2


def test_only_an_issued_decision_recognises(office):
    from initiatives.models import Initiative

    item = applied(office, "a1", "Sổ liên lạc điện tử")
    recognised = Initiative.objects.filter(recognised_filter())
    recognition = draft(office["a1"], [item])
    assert not recognised.exists()

    services.recognition_issue(actor=SYSTEM, recognition=recognition)
    assert list(recognised) == [item]


def test_a_discarded_draft_frees_its_initiatives(office):
    item = applied(office, "a1", "Sổ liên lạc điện tử")
    services.recognition_delete(actor=SYSTEM, recognition=draft(office["a1"], [item]))

    assert not RecognisedInitiative.objects.exists()
    assert draft(office["office_a"], [item]).entries.get().initiative == item


def test_the_pdf_has_the_title_article_one_with_the_count_and_every_annex_row(
    office, django_capture_on_commit_callbacks
):
    teachers = [
        PersonFactory(unit=office["a1"], full_name="Lê Thị Sáng"),
        PersonFactory(unit=office["a1"], full_name="Phạm Văn Kiến"),
    ]
    first = applied(office, "a1", "Tuyển sinh đầu cấp trực tuyến", authors=teachers)
    second = applied(office, "a2", "Ký số hồ sơ kế toán")
    recognition = draft(office["office_a"], [first, second], signer_position="Trưởng phòng")
    with django_capture_on_commit_callbacks(execute=True):
        services.recognition_issue(actor=SYSTEM, recognition=recognition)

    job = RenderJob.objects.get(builder=services.RECOGNITION_BUILDER)
    with job.file.open("rb") as handle:
        text = " ".join(pdf_text(handle.read(), layout=False).split())
    assert "Số: 01/QĐ-PGD-A" in text
    assert "QUYẾT ĐỊNH Về việc công nhận sáng kiến cấp cơ sở năm 2024" in text
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022" in text
    assert "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025" in text
    assert f"Xét đề nghị của Hội đồng Thi đua - Khen thưởng {office['office_a'].name}" in text
    assert "Điều 1. Công nhận 02 sáng kiến cấp cơ sở năm 2024" in text
    assert "Điều 2. Quyết định này có hiệu lực kể từ ngày ký." in text
    assert "Điều 3." in text and "Như Điều 3" in text
    assert "DANH SÁCH SÁNG KIẾN ĐƯỢC CÔNG NHẬN" in text
    assert (
        f"(Kèm theo Quyết định số 01/QĐ-PGD-A ngày 15/11/2024 của Trưởng phòng "
        f"{office['office_a'].name})"
    ) in text
    assert "STT Tên sáng kiến Tác giả Đơn vị Hiệu quả, phạm vi ảnh hưởng" in text
    assert (
        f"1 Tuyển sinh đầu cấp trực tuyến Lê Thị Sáng, Phạm Văn Kiến {office['a1'].name} "
        "Hiệu quả của Tuyển sinh đầu cấp trực tuyến"
    ) in text
    assert "2 Ký số hồ sơ kế toán" in text and office["a2"].name in text
    # The annex starts a page of its own.
    pages = pdf_text(job.file.open("rb").read()).split("\f")
    assert "DANH SÁCH SÁNG KIẾN" not in pages[0]


# --- pages -------------------------------------------------------------------------------


@pytest.fixture
def head(office, client):
    user = member(office["office_a"], Role.UNIT_HEAD)
    client.force_login(user)
    return user


def form_data(items, **fields):
    data = {
        "year": "2024",
        "decided_on": "2024-11-15",
        "signer_position": "Trưởng phòng",
        "signer_name": "Trần Văn Trưởng",
        "initiatives": [str(item.pk) for item in items],
    }
    data.update({f"effect_{item.pk}": f"Áp dụng toàn huyện: {item.name}" for item in items})
    data.update(fields)
    return data


def test_the_head_drafts_issues_and_the_number_shows_on_the_initiative_page(
    office, client, head, django_capture_on_commit_callbacks
):
    teacher = PersonFactory(unit=office["a1"], full_name="Lê Thị Sáng")
    item = applied(office, "a1", "Tuyển sinh trực tuyến", authors=[teacher])
    other = applied(office, "a2", "Ký số văn bản")

    listing = client.get(reverse("awards:recognitions"))
    assert listing.status_code == 200 and 'data-testid="recognition-create"' in listing.text
    page = client.get(reverse("awards:recognition_create"))
    assert page.status_code == 200
    assert office["a1"].name in page.text and "Lê Thị Sáng" in page.text
    assert "Ký số văn bản" in page.text

    response = client.post(reverse("awards:recognition_create"), form_data([item]))
    recognition = Recognition.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("awards:recognition", args=[recognition.pk])
    assert recognition.entries.get().effect == "Áp dụng toàn huyện: Tuyển sinh trực tuyến"

    detail = client.get(response.url)
    assert 'data-testid="recognition-issue"' in detail.text
    assert "Tuyển sinh trực tuyến" in detail.text and "Lê Thị Sáng" in detail.text

    # Issuing asks first; the question changes nothing.
    issue_url = reverse("awards:recognition_issue", args=[recognition.pk])
    question = client.get(issue_url)
    assert question.status_code == 200 and "không bao giờ được dùng lại" in question.text
    recognition.refresh_from_db()
    assert recognition.number is None
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(issue_url).status_code == 302
    recognition.refresh_from_db()
    assert recognition.number.display == "01/QĐ-PGD-A"

    detail = client.get(reverse("awards:recognition", args=[recognition.pk]))
    assert 'data-testid="recognition-issue"' not in detail.text
    assert reverse("awards:recognition_pdf", args=[recognition.pk]) in detail.text
    pdf = client.get(reverse("awards:recognition_pdf", args=[recognition.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("awards:recognition_edit", args=[recognition.pk])).status_code == 403

    # The school's staff read it on the initiative's page, and follow the link.
    client.force_login(member(office["a1"], Role.UNIT_STAFF))
    initiative_page = client.get(reverse("initiatives:detail", args=[item.pk]))
    assert "Được công nhận theo" in initiative_page.text
    assert "Quyết định số 01/QĐ-PGD-A ngày 15/11/2024" in initiative_page.text
    assert client.get(reverse("awards:recognition", args=[recognition.pk])).status_code == 200
    other_page = client.get(reverse("initiatives:detail", args=[item.pk]))
    assert other_page.status_code == 200
    assert "Được công nhận" not in client.get(reverse("initiatives:detail", args=[other.pk])).text


def test_a_draft_is_not_shown_on_the_initiative_page(office, client):
    item = applied(office, "a1", "Tuyển sinh trực tuyến")
    draft(office["a1"], [item])
    client.force_login(member(office["a1"], Role.UNIT_STAFF))

    assert "Được công nhận" not in client.get(reverse("initiatives:detail", args=[item.pk])).text


def test_the_form_keeps_what_was_typed_on_an_error(office, client, head):
    item = applied(office, "a1", "Tuyển sinh trực tuyến")
    other = applied(office, "a2", "Ký số văn bản")
    next_year = timezone.localdate().year + 1
    data = form_data([item], decided_on=f"{next_year}-01-05", signer_name="Người Ký Thử")
    data[f"effect_{other.pk}"] = "Chưa chọn nhưng đã gõ"

    page = client.post(reverse("awards:recognition_create"), data)

    assert page.status_code == 200
    text = page.text
    assert f"Ngày quyết định thuộc năm {next_year}, là năm chưa đến." in text
    assert 'value="Người Ký Thử"' in text and f'value="{next_year}-01-05"' in text
    assert f'value="{item.pk}" id="initiative-{item.pk}" checked' in text
    assert f'value="{other.pk}" id="initiative-{other.pk}">' in text
    assert "Áp dụng toàn huyện: Tuyển sinh trực tuyến" in text
    assert "Chưa chọn nhưng đã gõ" in text
    assert not Recognition.objects.exists()

    nothing = client.post(reverse("awards:recognition_create"), form_data([]))
    assert "Chọn ít nhất một sáng kiến để công nhận." in nothing.text


def test_pages_answer_403_to_a_teacher_and_404_to_another_units_head(office, client):
    item = applied(office, "a1", "Tuyển sinh trực tuyến")
    recognition = draft(office["a1"], [item])
    urls = [
        reverse(name, args=[recognition.pk])
        for name in ("awards:recognition_edit", "awards:recognition_issue")
    ]

    client.force_login(member(office["a1"], Role.UNIT_HEAD))
    assert client.get(reverse("awards:recognition", args=[recognition.pk])).status_code == 200
    for url in urls:
        assert client.get(url).status_code == 200

    client.force_login(member(office["a1"], Role.UNIT_STAFF))
    assert client.get(reverse("awards:recognition_create")).status_code == 403
    assert client.get(reverse("awards:recognition", args=[recognition.pk])).status_code == 200
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(urls[1]).status_code == 403
    delete = reverse("awards:recognition_delete", args=[recognition.pk])
    assert client.post(delete).status_code == 403

    client.force_login(member(office["a2"], Role.UNIT_HEAD))
    for url in [reverse("awards:recognition", args=[recognition.pk]), *urls, delete]:
        assert client.get(url).status_code in (404, 405)
        assert client.post(url).status_code == 404
    assert "Tuyển sinh trực tuyến" not in client.get(reverse("awards:recognitions")).text

    recognition.refresh_from_db()
    assert recognition.number is None


def test_the_list_shows_each_decision_in_a_constant_number_of_queries(office, client, head):
    for name in ("Một", "Hai", "Ba"):
        draft(office["office_a"], [applied(office, "a1", name)])
    url = reverse("awards:recognitions")
    client.get(url)  # warm the session

    with CaptureQueriesContext(connection) as three:
        page = client.get(url)
    assert page.text.count("Dự thảo") >= 3
    draft(office["office_a"], [applied(office, "a2", "Bốn"), applied(office, "a2", "Năm")])
    with assert_query_count(len(three), "four decisions"):
        client.get(url)
