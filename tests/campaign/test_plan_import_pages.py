"""Importing a plan from its file through the pages: the upload on "Tạo kế hoạch", the review
page showing every value beside its sentence, and the confirmation creating the draft plan
(or recording the upper level's plan). Nothing is written before the confirmation."""

import datetime
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from campaign import services
from campaign.models import (
    Campaign,
    Deadline,
    ExternalDeadline,
    ExternalPlan,
    KpiIndicator,
    KpiTarget,
    Phase,
)
from campaign.plan_import.review import SESSION_KEY
from tests.factories import UnitFactory, kind, member
from units.models import Role

pytestmark = pytest.mark.django_db

PLANS = Path(__file__).resolve().parents[1] / "fixtures" / "plans"
SEEDS = ("000", "001", "002", "003", "004")
WITH_DIACRITICS = ("000", "001", "003", "004")
D = datetime.date


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def office():
    root = UnitFactory(kind=kind("ubnd-xa"), name="Ủy ban nhân dân huyện Nhà Bè", code="UBND")
    unit = UnitFactory(
        parent=root,
        kind=kind("phong-vhxh"),
        name="Phòng Giáo dục và Đào tạo huyện Nhà Bè",
        code="GDDT",
    )
    unit.email = "pgd@nhabe.edu.vn"
    unit.save()
    services.kpi_catalogue_ensure(root.tenant)
    return unit


@pytest.fixture
def clerk(office):
    return member(office, Role.REVIEWER)


def truth(seed):
    return json.loads((PLANS / f"{seed}.truth.json").read_text(encoding="utf-8"))


def upload(client, name, data, mode="own"):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(reverse("campaign:import_upload"), {"file": file, "mode": mode})


def upload_seed(client, seed, mode="own"):
    response = upload(client, f"{seed}.docx", (PLANS / f"{seed}.docx").read_bytes(), mode)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def posted(review, **changes):
    """The review page's form as the browser sends it untouched (dates as shown, dd/mm/yyyy),
    with `changes` ({"deadlines-0-due_date": "…", "deadlines-1-keep": None}) applied."""
    data = {}
    for form in review.forms():
        for name in form.fields:
            key = form.add_prefix(name)
            value = form[name].value()
            if isinstance(value, bool) or name in ("keep", "after_phase_end"):
                if value:
                    data[key] = "on"
            elif isinstance(value, list):
                data[key] = [str(v) for v in value]
            elif isinstance(value, D):
                data[key] = value.strftime("%d/%m/%Y")
            elif value is not None:
                data[key] = str(value)
    data["token"] = review.token
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def _matches(deadline_row, wanted):
    return deadline_row["kind"] == wanted["kind"] and deadline_row["due"] == wanted["due"]


def keep_only_truth(review, seed):
    """Drop each extracted deadline and target that the truth file lacks; the expected
    draft is then the truth's deadlines and targets that were found."""
    t = truth(seed)
    changes, found_deadlines, found_targets = {}, [], []
    remaining = list(t["deadlines"])
    for form in review.section("deadlines").forms:
        due = form.initial["due_date"].isoformat()
        match = next(
            (w for w in remaining if w["kind"] == form.initial["kind"] and w["due"] == due), None
        )
        if match is None:
            changes[form.add_prefix("keep")] = None
        else:
            remaining.remove(match)
            found_deadlines.append((match["kind"], D.fromisoformat(match["due"])))
    remaining = list(t["targets"])
    for form in review.section("targets").forms:
        value = Decimal(str(form.initial["value"]))
        match = next(
            (
                w
                for w in remaining
                if Decimal(w["value"]) == value
                and w["comparator"] == form.initial["comparator"]
                and w["participant_type"] == form.initial["participant_type"]
                and (w["indicator"] == "") == (form.initial["indicator"] is None)
                and (
                    not w["indicator"]
                    or KpiIndicator.objects.get(pk=form.initial["indicator"]).code == w["indicator"]
                )
            ),
            None,
        )
        if match is None:
            changes[form.add_prefix("keep")] = None
        else:
            remaining.remove(match)
            found_targets.append(
                (match["indicator"], value, match["comparator"], match["participant_type"])
            )
    return changes, found_deadlines, found_targets


def assert_nothing_saved():
    assert not Campaign.objects.exists()
    assert not Phase.objects.exists()
    assert not Deadline.objects.exists()
    assert not KpiTarget.objects.exists()
    assert not ExternalPlan.objects.exists()


# --- The upload on "Tạo kế hoạch" ---


def test_the_create_page_offers_the_upload_with_both_choices(client, clerk):
    client.force_login(clerk)

    page = client.get(reverse("campaign:create")).content.decode()

    assert "Nhập từ tệp Word/PDF" in page
    assert 'accept=".docx,.doc,.pdf"' in page
    assert 'enctype="multipart/form-data"' in page
    assert "kế hoạch của đơn vị mình" in page
    assert "kế hoạch của cấp trên" in page


# --- The review page, for every seed ---


@pytest.mark.parametrize("seed", SEEDS)
def test_each_seed_shows_every_deadline_and_target_beside_its_sentence(client, clerk, seed):
    client.force_login(clerk)

    location = upload_seed(client, seed)
    response = client.get(location)

    assert response.status_code == 200
    page = response.content.decode()
    review = response.context["review"]
    for key in ("deadlines", "targets"):
        for form in review.section(key).forms:
            assert form.source
            assert f"“{form.source}”".replace("&", "&amp;") in page.replace("&quot;", '"')
    for form in review.section("deadlines").forms:
        assert form.initial["due_date"].strftime("%d/%m/%Y") in page  # shown dd/mm/yyyy
    assert_nothing_saved()


@pytest.mark.parametrize("seed", WITH_DIACRITICS)
def test_every_truth_deadline_and_target_is_on_the_review_page(client, clerk, seed):
    client.force_login(clerk)
    review = client.get(upload_seed(client, seed)).context["review"]

    _changes, deadlines, targets = keep_only_truth(review, seed)

    assert len(deadlines) == len(truth(seed)["deadlines"])
    assert len(targets) == len(truth(seed)["targets"])


@pytest.mark.parametrize("seed", SEEDS)
def test_confirming_creates_the_draft_with_the_truths_deadlines_and_targets(client, clerk, seed):
    client.force_login(clerk)
    location = upload_seed(client, seed)
    review = client.get(location).context["review"]
    changes, deadlines, targets = keep_only_truth(review, seed)
    if seed == "004":
        changes["end-value"] = "31/12/2024"  # the flagged "31/10/2023", corrected
    if seed == "002":
        # As printed, Đợt 2 starts the day Đợt 1 ends and registration closes before the
        # plan's own date: the typed plan's checks refuse both, so the clerk moves them.
        changes["phases-0-start_date"] = "22/04/2023"
        changes["phases-1-start_date"] = "11/06/2023"
    assert_nothing_saved()

    response = client.post(location, posted(review, **changes))

    assert response.status_code == 302, response.context and response.context.get("save_errors")
    plan = Campaign.objects.get()
    assert response["Location"] == reverse("campaign:detail", args=[plan.pk])
    assert plan.status == Campaign.Status.DRAFT
    assert plan.issuing_unit == clerk.memberships.get().unit
    saved = Counter((d.kind, d.due_date) for d in Deadline.objects.filter(phase__campaign=plan))
    assert saved == Counter(deadlines)
    assert Counter(
        (
            t.indicator.code
            if not t.indicator.code.startswith("ty-le")
            or t.indicator.code in {c for c, *_ in services.DEFAULT_INDICATORS}
            else "",
            t.value,
            t.comparator,
            t.participant_type,
        )
        for t in plan.targets.select_related("indicator")
    ) == Counter(targets)
    assert SESSION_KEY not in client.session


def test_confirmed_plan_keeps_the_title_period_basis_phases_and_matched_unit(client, clerk, office):
    client.force_login(clerk)
    location = upload_seed(client, "000")
    review = client.get(location).context["review"]

    client.post(location, posted(review))

    plan = Campaign.objects.get()
    assert plan.title.startswith("Phát động phong trào thi đua")
    assert (plan.start_date, plan.end_date) == (D(2023, 1, 1), D(2025, 12, 31))
    assert "1362/KH-GDĐT" in plan.legal_basis
    assert list(plan.phases.values_list("name", flat=True)) == ["Năm 2023", "Năm 2024", "Năm 2025"]
    # "gửi về Phòng Giáo dục và Đào tạo" is the issuing office, whatever its full name.
    registration = Deadline.objects.filter(phase__campaign=plan, kind="registration").first()
    assert registration.receiving_unit == office


def test_004_kept_whole_with_only_its_flagged_year_corrected_is_saved(client, clerk):
    client.force_login(clerk)
    location = upload_seed(client, "004")
    review = client.get(location).context["review"]

    response = client.post(location, posted(review, **{"end-value": "31/12/2024"}))

    assert response.status_code == 302, response.context and response.context.get("save_errors")
    plan = Campaign.objects.get()
    assert plan.end_date == D(2024, 12, 31)
    assert plan.targets.count() == len(review.section("targets").forms)
    read = {
        code
        for form in review.section("participants").forms
        for code in form.initial["unit_kinds"].split(",")
        if code
    }
    assert read
    assert set(plan.participant_kinds.values_list("code", flat=True)) == read


def test_dropping_a_deadline_drops_it(client, clerk):
    client.force_login(clerk)
    location = upload_seed(client, "003")
    review = client.get(location).context["review"]
    dropped = review.section("deadlines").forms[1]

    client.post(location, posted(review, **{dropped.add_prefix("keep"): None}))

    kept = set(Deadline.objects.values_list("kind", "due_date"))
    assert (dropped.initial["kind"], dropped.initial["due_date"]) not in kept
    assert len(kept) == len(review.section("deadlines").forms) - 1


def test_a_date_corrected_dd_mm_yyyy_is_saved_as_corrected(client, clerk):
    client.force_login(clerk)
    location = upload_seed(client, "003")
    review = client.get(location).context["review"]
    form = review.section("deadlines").forms[0]
    assert form.initial["due_date"] == D(2020, 5, 25)

    client.post(location, posted(review, **{form.add_prefix("due_date"): "27/05/2020"}))

    assert Deadline.objects.filter(kind=form.initial["kind"], due_date=D(2020, 5, 27)).exists()
    assert not Deadline.objects.filter(due_date=D(2020, 5, 25)).exists()


def test_seed_004s_2023_in_a_2024_plan_is_flagged_with_its_sentence(client, clerk):
    client.force_login(clerk)

    page = client.get(upload_seed(client, "004")).content.decode()

    top = page.split('data-testid="import-problems"')[1].split("</div>")[0]
    assert "31/10/2023" in top and "2024" in top
    assert "từ nay đến ngày 31 tháng 10 năm 2023" in top
    assert 'data-testid="item-problem"' in page  # beside the value too


def test_confirming_004_as_read_shows_the_same_validation_and_keeps_what_was_typed(client, clerk):
    client.force_login(clerk)
    location = upload_seed(client, "004")
    review = client.get(location).context["review"]
    typed = "Kế hoạch đã sửa tên"

    response = client.post(location, posted(review, **{"title-value": typed}))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Kỳ thi đua kết thúc trước khi bắt đầu." in page or "kết thúc trước khi bắt đầu" in page
    assert typed in page
    assert_nothing_saved()


def test_a_date_that_cannot_be_read_is_marked_and_nothing_saved(client, clerk):
    client.force_login(clerk)
    location = upload_seed(client, "003")
    review = client.get(location).context["review"]

    response = client.post(location, posted(review, **{"deadlines-0-due_date": "31/02/2020"}))

    assert response.status_code == 400
    assert "31/02/2020" in response.content.decode()
    assert_nothing_saved()


# --- Bad files ---


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("ke-hoach.docx", b"PK\x03\x04 this is no zip at all", "bị hỏng"),
        ("ke-hoach.docx", b"MZ\x90\x00" + b"\x00" * 200, "chương trình"),
        ("ke-hoach.docx", b"", None),
        ("ke-hoach.pdf", b"not a pdf, not anything", "bị hỏng"),
        # A .doc: refused without LibreOffice, unreadable with it; a message either way.
        ("ke-hoach.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, None),
    ],
)
def test_a_bad_file_shows_the_form_again_with_the_message(client, clerk, name, data, message):
    client.force_login(clerk)

    response = upload(client, name, data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Nhập từ tệp Word/PDF" in page
    errors = response.context["upload_form"].errors["file"]
    assert errors
    if message:
        assert message in " ".join(errors)
    assert_nothing_saved()
    assert SESSION_KEY not in client.session


def test_a_file_over_the_limit_is_refused(client, clerk, settings):
    settings.PLAN_IMPORT_MAX_BYTES = 1024
    client.force_login(clerk)

    response = upload(client, "004.docx", (PLANS / "004.docx").read_bytes())

    assert response.status_code == 400
    assert response.context["upload_form"].errors["file"]
    assert_nothing_saved()


# --- Who may confirm what ---


def test_a_staff_member_who_cannot_issue_cannot_upload(client, office):
    staff = member(office, Role.UNIT_STAFF)
    client.force_login(staff)

    response = upload(client, "004.docx", (PLANS / "004.docx").read_bytes())

    assert response.status_code == 403
    assert SESSION_KEY not in client.session


def test_an_import_cannot_be_confirmed_into_another_tenants_unit(client, clerk):
    client.force_login(clerk)
    location = upload_seed(client, "003")
    review = client.get(location).context["review"]
    other = UnitFactory(kind=kind("ubnd-xa"), name="Ủy ban nhân dân huyện Khác")
    session = client.session
    session[SESSION_KEY]["unit_id"] = other.pk
    session[SESSION_KEY]["tenant_id"] = other.tenant_id
    session.save()

    response = client.post(location, posted(review))

    assert response.status_code == 302
    assert response["Location"] == reverse("campaign:create")
    assert_nothing_saved()


def test_a_page_of_an_earlier_upload_does_not_confirm_the_later_one(client, clerk):
    client.force_login(clerk)
    location = upload_seed(client, "003")
    earlier = client.get(location).context["review"]
    upload_seed(client, "004")  # another tab

    response = client.post(location, posted(earlier))

    assert response.status_code == 302
    assert response["Location"] == reverse("campaign:create")
    assert_nothing_saved()


def test_another_users_session_token_is_refused(client, clerk, office):
    client.force_login(clerk)
    location = upload_seed(client, "003")
    review = client.get(location).context["review"]
    other_tenant_clerk = member(UnitFactory(kind=kind("ubnd-xa"), name="UBND khác"), Role.REVIEWER)
    client.force_login(other_tenant_clerk)

    response = client.post(location, posted(review))

    assert response.status_code == 302
    assert_nothing_saved()


# --- The upper level's plan ---


def test_the_upper_levels_plan_is_recorded_with_its_deadlines(client, clerk):
    client.force_login(clerk)
    location = upload_seed(client, "003", mode="upper")
    review = client.get(location).context["review"]
    assert review.section("phases") is None

    response = client.post(location, posted(review))

    plan = ExternalPlan.objects.get()
    assert response["Location"] == reverse("campaign:create") + f"?based_on_external={plan.pk}"
    assert (plan.number, plan.issued_on) == ("308/KH-GDĐT", D(2020, 5, 14))
    assert ExternalDeadline.objects.filter(plan=plan).count() == len(truth("003")["deadlines"])
    assert not Campaign.objects.exists()
    # The create page now offers it, pre-filled.
    page = client.get(response["Location"]).content.decode()
    assert "308/KH-GDĐT" in page


# --- The plan ours is based on ---


def upper_1362(office, **deadline):
    plan = ExternalPlan.objects.create(
        tenant=office.tenant,
        number="1362/KH-GDĐT",
        issued_on=D(2023, 9, 14),
        issuing_body="Phòng Giáo dục và Đào tạo huyện Nhà Bè",
        title="Phát động phong trào thi đua “Cải cách hành chính” giai đoạn 2023 - 2025",
    )
    if deadline:
        ExternalDeadline.objects.create(plan=plan, **deadline)
    return plan


def test_the_upper_level_plan_the_basis_cites_is_preselected_and_saved(client, clerk, office):
    upper = upper_1362(office)
    client.force_login(clerk)
    location = upload_seed(client, "000")
    review = client.get(location).context["review"]
    based_on = next(f for f in review.section("plan").forms if f.prefix == "based_on")
    assert based_on.initial == {"keep": True, "value": f"e{upper.pk}"}
    assert "1362/KH-GDĐT" in based_on.source

    client.post(location, posted(review))

    assert Campaign.objects.get().based_on_external == upper


def test_a_deadline_after_the_upper_plans_is_refused_as_for_a_typed_plan(client, clerk, office):
    upper_1362(office, kind="registration", due_date=D(2023, 9, 10))
    client.force_login(clerk)
    location = upload_seed(client, "000")
    review = client.get(location).context["review"]

    response = client.post(location, posted(review))

    assert response.status_code == 400
    errors = " ".join(response.context["save_errors"])
    assert "16/9/2023" in errors and "10/9/2023" in errors
    assert not Campaign.objects.exists()
    assert not Deadline.objects.exists()
    assert not KpiTarget.objects.exists()
