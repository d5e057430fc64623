"""The blank unit-tree workbook a tenant administrator fills in and imports: units, users and
staff, each sheet with example rows."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from .models import Role, Unit, UnitKind
from .resources import (
    STAFF_COLUMNS,
    STAFF_SHEET,
    UNIT_COLUMNS,
    UNITS_SHEET,
    USER_COLUMNS,
    USERS_SHEET,
)


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
            "Nguyễn Thị Thanh Hương",
            "huong.ntt@example.edu.vn",
            "MNSC",
            str(Role.UNIT_HEAD.label),
            "",
        ]
    )
    staff = workbook.create_sheet(STAFF_SHEET)
    staff.append(list(STAFF_COLUMNS.values()))
    for row in (
        [
            "MNSC",
            "Nguyễn Thị Thanh Hương",
            "Hiệu trưởng",
            "huong.ntt@example.edu.vn",
            "",
            "hieutruong.mnsc",
            "Nữ",
        ],
        ["MNSC", "Trần Thị Mỹ Dung", "Phó Hiệu trưởng", "dung.ttm@example.edu.vn", "", "", "Nữ"],
        ["MNSC", "Lê Văn Đức", "Kế toán", "", "", "", "Nam"],
        ["MNSC", "Phạm Ngọc Ánh", "Giáo viên", "", "", "", ""],
    ):
        staff.append(row)
    # Typed as a number, a citizen ID would lose its leading zero: the column holds text.
    citizen_id = list(STAFF_COLUMNS).index("citizen_id") + 1
    for cells in staff.iter_cols(min_col=citizen_id, max_col=citizen_id, max_row=500):
        for cell in cells[1:]:
            cell.number_format = "@"
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
