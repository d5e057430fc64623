"""Filing a periodic report, as a school does, and reading it, as its Phòng does."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from reports import selectors, services
from reports.documents import render_report, render_rollup
from reports.models import PeriodicReport
from tests.factories import UnitFactory, member, periodic_report, reporting_campaign
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(tree):
    return reporting_campaign(tree["office_a"])


@pytest.fixture
def schedule(plan):
    return plan.report_schedules.get()


def figure_fields(report):
    return {row.target.indicator.code: row.target_id for row in report.figures.all()}


def test_a_school_opens_its_quarterly_report_from_the_list(client, tree, schedule):
    client.force_login(member(tree["a1"], Role.UNIT_STAFF))

    page = client.get("/reports/").content.decode()
    assert "quý I năm 2024" in page and "05/3/2024" in page
    answer = client.post(f"/reports/open/{schedule.pk}/", {"year": "2024", "period": "q1"})

    report = PeriodicReport.objects.get(unit=tree["a1"])
    assert answer["Location"] == f"/reports/{report.pk}/"
    assert report.figures.count() == 3
    again = client.post(f"/reports/open/{schedule.pk}/", {"year": "2024", "period": "q1"})
    assert again["Location"] == answer["Location"]  # the same report, not a second one


def test_a_report_for_a_period_that_has_not_begun_is_refused(tree, schedule):
    with pytest.raises(ValidationError) as refused:
        services.report_open(
            actor=SYSTEM,
            schedule=schedule,
            year=2024,
            period="q3",
            unit=tree["a1"],
            today=datetime.date(2024, 6, 30),
        )
    assert refused.value.messages == [
        "Báo cáo quý III năm 2024 chỉ được lập từ ngày 01/7/2024, khi kỳ báo cáo bắt đầu."
    ]


def test_wrong_figures_get_clear_messages_and_keep_what_was_typed(client, tree, schedule):
    staff = member(tree["a1"], Role.UNIT_STAFF)
    client.force_login(staff)
    report = services.report_open(
        actor=staff, schedule=schedule, year=2024, period="q1", unit=tree["a1"]
    )
    ids = figure_fields(report)

    answer = client.post(
        f"/reports/{report.pk}/",
        {
            f"num_{ids['tthc-dung-han']}": "210",
            f"den_{ids['tthc-dung-han']}": "200",
            f"num_{ids['hai-long-tthc']}": "-3",
            f"den_{ids['hai-long-tthc']}": "mười",
            f"num_{ids['so-mo-hinh']}": "2",
            "area_procedures": "Niêm yết công khai thủ tục.",
            "save": "1",
        },
    )

    page = answer.content.decode()
    assert answer.status_code == 200
    assert (
        "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn: Số hồ sơ giải quyết đúng hạn "
        "không được lớn hơn Số hồ sơ đã giải quyết." in page
    )
    assert "Phải từ 0 trở lên." in page
    assert "Phải là số nguyên." in page
    assert 'value="210"' in page and 'value="mười"' in page
    assert "Niêm yết công khai thủ tục." in page
    report.refresh_from_db()
    assert report.figures.filter(numerator__isnull=False).count() == 0


def test_a_draft_saves_then_sends_and_is_locked(client, tree, schedule):
    staff = member(tree["a1"], Role.UNIT_STAFF)
    client.force_login(staff)
    report = services.report_open(
        actor=staff, schedule=schedule, year=2024, period="q1", unit=tree["a1"]
    )
    ids = figure_fields(report)
    partial = {f"num_{ids['tthc-dung-han']}": "196", f"den_{ids['tthc-dung-han']}": "200"}

    refused = client.post(f"/reports/{report.pk}/", {**partial, "submit": "1"})
    assert "0 nếu không phát sinh" in refused.content.decode()
    report.refresh_from_db()
    assert report.status == "draft"
    assert report.figures.get(target_id=ids["tthc-dung-han"]).numerator == 196  # kept

    complete = {
        **partial,
        f"num_{ids['hai-long-tthc']}": "0",
        f"den_{ids['hai-long-tthc']}": "0",
        f"num_{ids['so-mo-hinh']}": "1",
        "submit": "1",
    }
    assert client.post(f"/reports/{report.pk}/", complete).status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted" and report.is_late is True  # sent in 2026
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "98%" in page and "không áp dụng" in page
    assert client.post(f"/reports/{report.pk}/", complete).status_code == 403


def test_only_the_receiving_units_reviewer_reopens_with_a_reason(client, tree, schedule):
    report = periodic_report(
        tree["a1"],
        schedule,
        {"tthc-dung-han": (1, 2), "hai-long-tthc": (1, 1), "so-mo-hinh": (0, None)},
    )
    client.force_login(member(tree["office_b"], Role.REVIEWER))
    assert client.post(f"/reports/{report.pk}/reopen/", {"reason": "x"}).status_code == 404
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))
    client.post(f"/reports/{report.pk}/reopen/", {"reason": "x"})
    report.refresh_from_db()
    assert report.status == "submitted"

    client.force_login(member(tree["office_a"], Role.REVIEWER))
    client.post(f"/reports/{report.pk}/reopen/", {"reason": "Số liệu quý I chưa khớp"})

    report.refresh_from_db()
    assert (report.status, report.reopen_reason) == ("draft", "Số liệu quý I chưa khớp")


def dashboard_queries(client, schools: int) -> int:
    """Queries of the department reviewer's dashboard over `schools` schools in two offices,
    each with a submitted report."""
    department = UnitFactory(department=True)
    offices = [UnitFactory(parent=department, district_office=True) for _ in range(2)]
    units = [UnitFactory(parent=offices[i % 2]) for i in range(schools)]
    schedule = reporting_campaign(department).report_schedules.get()
    figures = {"tthc-dung-han": (49, 50), "hai-long-tthc": (19, 20), "so-mo-hinh": (1, None)}
    for unit in units:
        periodic_report(unit, schedule, figures)
    client.force_login(member(department, Role.REVIEWER))
    url = f"/reports/dashboard/?schedule={schedule.pk}&year=2024&period=q1"
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    assert page.context["result"].total.reported == schools
    assert "98%" in page.content.decode()
    return len(queries)


def test_the_dashboard_costs_the_same_queries_for_2_and_12_schools(client):
    assert dashboard_queries(client, 2) == dashboard_queries(client, 12)


def test_the_excel_table_equals_the_dashboard(client, tree):
    plan = reporting_campaign(tree["department"])
    schedule = plan.report_schedules.get()
    periodic_report(
        tree["a1"],
        schedule,
        {"tthc-dung-han": (196, 200), "hai-long-tthc": (90, 100), "so-mo-hinh": (2, None)},
    )
    periodic_report(
        tree["b1"],
        schedule,
        {"tthc-dung-han": (45, 50), "hai-long-tthc": (0, 0), "so-mo-hinh": (1, None)},
    )
    client.force_login(member(tree["department"], Role.REVIEWER))
    answer = client.get(f"/reports/dashboard/excel/?schedule={schedule.pk}&year=2024&period=q1")
    sheet = load_workbook(io.BytesIO(answer.content)).active
    result = selectors.rollup(schedule, 2024, "q1", tree["department"])

    rows = list(sheet.iter_rows(min_row=7, values_only=True))
    assert [r[1] for r in rows] == [row.unit.name for row in result.rows] + ["Tổng cộng"]
    for sheet_row, row in zip(rows, [*result.rows, result.total], strict=True):
        assert sheet_row[2:4] == (row.expected, row.reported)
        for index, attainment in enumerate(row.attainments):
            numerator, denominator, value, verdict = sheet_row[4 + 4 * index : 8 + 4 * index]
            expected_value = None if attainment.value is None else float(attainment.value)
            if attainment.is_percent:
                assert value == expected_value
                assert (numerator, denominator) == (
                    (attainment.numerator, attainment.denominator)
                    if attainment.value is not None
                    else (None, None)
                )
            else:
                assert numerator == (attainment.numerator if attainment.value is not None else None)
    total = rows[-1]
    assert total[4:8] == (241, 250, 96.4, "Chưa đạt")
    assert total[8:12] == (90, 100, 90.0, "Chưa đạt")


def test_a_units_report_prints_as_an_nd30_report(client, tree, schedule):
    from documents.services import pdf_text

    report = periodic_report(
        tree["a1"],
        schedule,
        {"tthc-dung-han": (196, 200), "hai-long-tthc": (0, 0), "so-mo-hinh": (2, None)},
    )
    report.narratives = {"procedures": "Niêm yết công khai 100% thủ tục."}
    report.save()
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    answer = client.get(f"/reports/{report.pk}/pdf/")

    assert answer["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(answer.content).split())
    assert "BÁO CÁO Kết quả thực hiện công tác cải cách hành chính quý I năm 2024" in text
    assert f"Số: /BC-{tree['a1'].code}" in text
    assert f"Kính gửi: {tree['office_a'].name}" in text
    assert "Quận 1, ngày 02 tháng 01 năm 2024" in text  # the day it was sent
    assert "1. Cải cách thủ tục hành chính Niêm yết công khai 100% thủ tục." in text
    assert "HIỆU TRƯỞNG" in text
    html = " ".join(render_report(report).html.split())
    assert '<td class="num">196/<wbr>200</td><td class="num">98%</td>' in html
    assert '<td class="num">0/<wbr>0</td><td class="num">Không áp dụng</td>' in html


def test_the_dashboard_prints_the_consolidated_report(client, tree):
    from documents.services import pdf_text

    plan = reporting_campaign(tree["department"])
    schedule = plan.report_schedules.get()
    for code in ("a1", "b1"):
        periodic_report(
            tree[code],
            schedule,
            {"tthc-dung-han": (45, 50), "hai-long-tthc": (19, 20), "so-mo-hinh": (1, None)},
        )
    client.force_login(member(tree["department"], Role.REVIEWER))

    answer = client.get(f"/reports/dashboard/pdf/?schedule={schedule.pk}&year=2024&period=q1")

    text = " ".join(pdf_text(answer.content).split())
    assert "tổng hợp kết quả thực hiện công tác cải cách hành chính quý I năm 2024 của 2/4" in text
    assert "90/100 90% từ 98% trở lên Chưa đạt" in text
    assert "Kính gửi" not in text  # the department receives its own plan's reports
    assert f"Các đơn vị chưa báo cáo: {tree['a2'].name}, {tree['b2'].name}." in text
    assert "GIÁM ĐỐC" in text
    result = selectors.rollup(schedule, 2024, "q1", tree["department"])
    html = " ".join(render_rollup(result).html.split())
    for office in ("office_a", "office_b"):
        assert f'<td>{tree[office].name}</td><td class="num">1/2</td>' in html


def test_a_draft_takes_attachments_checked_by_their_bytes_and_served_behind_the_check(
    client, tree, schedule
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff = member(tree["a1"], Role.UNIT_STAFF)
    client.force_login(staff)
    report = services.report_open(
        actor=staff, schedule=schedule, year=2024, period="q1", unit=tree["a1"]
    )
    url = f"/reports/{report.pk}/attachments/"

    client.post(url, {"file": SimpleUploadedFile("phu-luc-1.pdf", b"%PDF-1.4 phu luc 1")})
    refused = client.post(
        url,
        {"file": SimpleUploadedFile("phu-luc-2.pdf", b"MZ\x90\x00" + b"\x00" * 60)},
        follow=True,
    )

    assert [a.original_name for a in report.attachments.all()] == ["phu-luc-1.pdf"]
    assert any(
        "không phải là tệp được chấp nhận" in str(m) or "phu-luc-2.pdf" in str(m)
        for m in refused.context["messages"]
    )
    attachment = report.attachments.get()
    download = client.get(f"/reports/attachments/{attachment.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 phu luc 1"
    client.force_login(member(tree["b1"], Role.UNIT_HEAD))
    assert client.get(f"/reports/attachments/{attachment.pk}/").status_code == 404
    client.force_login(member(tree["office_b"], Role.REVIEWER))
    assert client.get(f"/reports/attachments/{attachment.pk}/").status_code == 404
    client.force_login(member(tree["office_a"], Role.REVIEWER))  # the school's own Phòng
    assert client.get(f"/reports/attachments/{attachment.pk}/").status_code == 200


def test_a_sent_report_takes_no_more_attachments(client, tree, schedule):
    from django.core.files.uploadedfile import SimpleUploadedFile

    report = periodic_report(
        tree["a1"],
        schedule,
        {"tthc-dung-han": (1, 1), "hai-long-tthc": (1, 1), "so-mo-hinh": (1, None)},
    )
    client.force_login(member(tree["a1"], Role.UNIT_STAFF))

    answer = client.post(
        f"/reports/{report.pk}/attachments/",
        {"file": SimpleUploadedFile("muon.pdf", b"%PDF-1.4 muon")},
        follow=True,
    )

    assert not report.attachments.exists()
    assert any("chỉ đơn vị nhận" in str(m) for m in answer.context["messages"])
