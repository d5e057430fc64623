"""core: the plumbing under every app, and the rule that keeps it at the bottom."""

import datetime
import pathlib
import re
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError

from core.dates import end_of_day, local_datetime
from core.http import acting_unit, error_text, pdf_response, xlsx_response

PROJECT_APPS = ("units", "documents", "notifications", "campaign", "initiatives", "reports")
PROJECT_APPS += ("awards", "config")


def test_core_imports_no_project_app():
    core = pathlib.Path(__file__).resolve().parents[2] / "core"
    pattern = re.compile(rf"^\s*(?:from|import)\s+({'|'.join(PROJECT_APPS)})\b", re.M)
    found = {
        f"{path.name}: {match.group(0).strip()}"
        for path in core.rglob("*.py")
        for match in pattern.finditer(path.read_text())
    }
    assert not found


def test_a_pdf_is_shown_inline_under_its_name():
    response = pdf_response(b"%PDF-1.7", "ke-hoach-01-KH-PGD.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="ke-hoach-01-KH-PGD.pdf"'
    assert response.content == b"%PDF-1.7"


def test_a_pdf_with_a_vietnamese_name_downloads_under_that_name():
    response = pdf_response(b"%PDF-1.7", "Tờ trình.pdf", as_attachment=True)
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''T%E1%BB%9D%20tr%C3%ACnh.pdf"
    )


def test_a_workbook_is_downloaded():
    response = xlsx_response(b"PK", "danh-sach-7.xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="danh-sach-7.xlsx"'


def test_the_acting_unit_is_the_acting_memberships():
    unit = object()
    assert acting_unit(SimpleNamespace(membership=SimpleNamespace(unit=unit))) is unit
    assert acting_unit(SimpleNamespace(membership=None)) is None


def test_an_error_reads_as_one_line():
    assert error_text(ValidationError(["Thiếu tên.", "Thiếu mã."])) == "Thiếu tên. Thiếu mã."
    assert error_text(PermissionDenied("Không có quyền.")) == "Không có quyền."


def test_a_day_ends_at_local_midnight():
    assert end_of_day(datetime.date(2024, 8, 25)).isoformat() == "2024-08-26T00:00:00+07:00"
    assert local_datetime(datetime.date(2024, 8, 25), 9, 30).isoformat() == (
        "2024-08-25T09:30:00+07:00"
    )
