"""The blank unit-tree workbook a tenant administrator fills in and imports."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from .models import Role, Unit, UnitKind
from .resources import UNIT_COLUMNS, UNITS_SHEET, USER_COLUMNS, USERS_SHEET


def unit_tree_template() -> bytes:
    workbook = Workbook()
    units = workbook.active
    units.title = UNITS_SHEET
    units.append(list(UNIT_COLUMNS.values()))
    units.append(
        [
            "PGDĐT-NB",
            "Phòng Giáo dục và Đào tạo huyện Nhà Bè",
            "",
            "phong-gddt",
            "Nhà Bè",
            "Ủy ban nhân dân huyện Nhà Bè",
            "",
            "pgd@example.edu.vn",
        ]
    )
    units.append(
        [
            "MNSC",
            "Trường Mầm non Sơn Ca",
            "PGDĐT-NB",
            "truong-mam-non",
            "Nhà Bè",
            "Ủy ban nhân dân huyện Nhà Bè",
            "Công lập",
            "",
        ]
    )
    users = workbook.create_sheet(USERS_SHEET)
    users.append(list(USER_COLUMNS.values()))
    users.append(
        [
            "hieutruong.mnsc",
            "Nguyễn Thị A",
            "a@example.edu.vn",
            "MNSC",
            str(Role.UNIT_HEAD.label),
            "",
        ]
    )
    guide = workbook.create_sheet("Danh mục")
    guide.append(["Loại đơn vị (mã)", "Tên loại đơn vị", "", "Vai trò", "", "Loại hình"])
    kinds = list(UnitKind.objects.values_list("code", "name"))
    roles = [str(label) for _value, label in Role.choices]
    ownerships = [str(label) for _value, label in Unit.Ownership.choices]
    for i in range(max(len(kinds), len(roles))):
        code, name = kinds[i] if i < len(kinds) else ("", "")
        role = roles[i] if i < len(roles) else ""
        ownership = ownerships[i] if i < len(ownerships) else ""
        guide.append([code, name, "", role, "", ownership])
    for sheet in workbook.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 28
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
