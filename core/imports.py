"""The Excel import pipeline every import shares: read a sheet into a tablib Dataset keeping
each row's Excel row number, turn django-import-export's result into a report of every row
(new, update, or its errors in words clerks read), and the two-step page around it: upload →
dry-run preview with every bad row → confirm.

What a sheet holds, and how its rows become objects, belongs to the importing app (its
`resources.py` and the service that runs the import)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .forms import StyledForm

# The extra column of a read sheet holding each row's number in the Excel file.
ROW_NUMBER = "__row__"


class WorkbookError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


def cell_text(value) -> str:
    """A cell as text: empty for an empty cell, a code typed as a number without its ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def cell_key(value) -> str:
    """A cell's text for matching a label: case and spacing ignored."""
    return " ".join(cell_text(value).casefold().split())


def read_sheet(workbook, title: str, columns: dict[str, str], required: tuple[str, ...]):
    """The sheet as a tablib Dataset, with each row's number in the Excel file kept in an
    extra column (`ROW_NUMBER`); empty rows are skipped."""
    import tablib

    sheet = workbook[title]
    rows = sheet.iter_rows(values_only=True)
    header = [cell_text(cell) for cell in next(rows, ())]
    missing = [columns[name] for name in required if columns[name] not in header]
    if missing:
        raise WorkbookError(
            _('Sheet "%(sheet)s" lacks the columns: %(columns)s.')
            % {"sheet": title, "columns": ", ".join(missing)}
        )
    dataset = tablib.Dataset(headers=[*header, ROW_NUMBER])
    for number, values in enumerate(rows, start=2):
        values = list(values)[: len(header)]
        if all(cell_text(v) == "" for v in values):
            continue
        values += [None] * (len(header) - len(values))
        dataset.append([*values, number])
    return dataset


@dataclass
class ImportRow:
    sheet: str
    row_number: int
    label: str
    action: str  # "new", "update" or "error"
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    dry_run: bool
    file_errors: list[str] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)

    @property
    def error_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors or self.error_rows)

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.has_errors

    def count(self, sheet: str, action: str) -> int:
        return sum(1 for row in self.rows if row.sheet == sheet and row.action == action)


def import_report_rows(sheet, dataset, result, columns, label_field) -> list[ImportRow]:
    """The report of each row of `dataset` from django-import-export's `result`: its Excel
    row number, its label (the `label_field` column), and every error prefixed with the
    column it concerns."""
    report = []
    for values, row_result in zip(dataset.dict, result.rows, strict=True):
        messages = []
        error = row_result.validation_error
        if error is not None:
            by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            for name, field_messages in by_field.items():
                column = columns.get(name)
                messages += [f"{column}: {m}" if column else m for m in field_messages]
        messages += [str(e.error) for e in row_result.errors]
        report.append(
            ImportRow(
                sheet=sheet,
                row_number=values[ROW_NUMBER],
                label=str(values.get(columns[label_field]) or ""),
                action="error" if messages else row_result.import_type,
                errors=messages,
            )
        )
    return report


def read_workbook(file, report: ImportReport, sheets: dict, *, required_sheet: str) -> dict | None:
    """The sheets of an uploaded workbook as Datasets, by title: `sheets` maps each title to
    its (columns, required column names); a sheet the file lacks is left out. None when the
    file cannot be read as a whole (not a workbook, no `required_sheet`, a sheet without a
    required column), with the reason added to `report.file_errors`."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises a dozen types for a file that is not a workbook
        report.file_errors.append(_("The file is not an Excel workbook (.xlsx) that can be read."))
        return None
    try:
        if required_sheet not in workbook.sheetnames:
            raise WorkbookError(
                _('The workbook has no sheet named "%(sheet)s".') % {"sheet": required_sheet}
            )
        return {
            title: read_sheet(workbook, title, columns, required)
            for title, (columns, required) in sheets.items()
            if title in workbook.sheetnames
        }
    except WorkbookError as exc:
        report.file_errors.append(str(exc))
        return None
    finally:
        workbook.close()


class WorkbookUploadForm(StyledForm):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    MAX_SIZE = 10 * 1024 * 1024

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an Excel file with the .xlsx extension."))
        if file.size > self.MAX_SIZE:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return file


def workbook_import(request, *, run, session_key, template, context, on_written):
    """Upload → dry-run preview with every bad row → confirm. The uploaded file waits in the
    storage between the two steps, named in the session so no one else can confirm it.
    `run(file, dry_run)` returns an ImportReport; `on_written(report)` the response after a
    real import."""
    form = WorkbookUploadForm()
    report = None
    if request.method == "POST" and request.POST.get("step") == "confirm":
        name = request.session.get(session_key)
        if not name or not default_storage.exists(name):
            messages.error(request, _("The uploaded file has expired; please upload it again."))
            return redirect(request.path)
        with default_storage.open(name, "rb") as file:
            report = run(file, False)
        if report.written:
            default_storage.delete(name)
            del request.session[session_key]
            return on_written(report)
    elif request.method == "POST":
        form = WorkbookUploadForm(request.POST, request.FILES)
        if form.is_valid():
            name = default_storage.save(
                f"imports/{uuid.uuid4().hex}.xlsx", form.cleaned_data["file"]
            )
            request.session[session_key] = name
            with default_storage.open(name, "rb") as file:
                report = run(file, True)
    return render(request, template, {**context, "form": form, "report": report})
