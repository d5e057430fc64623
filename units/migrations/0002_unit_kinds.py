"""The unit kinds every tenant starts with. They are rows, not code: a platform administrator
adds a kind in the admin."""

from django.db import migrations

KINDS = [
    # code, name, is_school
    ("bo", "Bộ", False),
    ("ubnd-tinh", "Ủy ban nhân dân tỉnh, thành phố", False),
    ("so", "Sở", False),
    ("phong-thuoc-so", "Phòng thuộc Sở", False),
    ("ubnd-huyen", "Ủy ban nhân dân huyện, quận (đến 30/6/2025)", False),
    ("phong-gddt", "Phòng Giáo dục và Đào tạo (đến 30/6/2025)", False),
    ("phong-noi-vu", "Phòng Nội vụ (đến 30/6/2025)", False),
    ("ubnd-xa", "Ủy ban nhân dân xã, phường", False),
    ("phong-vhxh", "Phòng Văn hóa - Xã hội", False),
    ("truong-mam-non", "Trường mầm non", True),
    ("truong-tieu-hoc", "Trường tiểu học", True),
    ("truong-thcs", "Trường trung học cơ sở", True),
    ("truong-thpt", "Trường trung học phổ thông", True),
    ("truong-lien-cap", "Trường liên cấp", True),
    ("don-vi-su-nghiep", "Đơn vị sự nghiệp khác (trung tâm, trường bồi dưỡng)", False),
]


def load_kinds(apps, schema_editor):
    UnitKind = apps.get_model("units", "UnitKind")
    for order, (code, name, is_school) in enumerate(KINDS, start=1):
        UnitKind.objects.update_or_create(
            code=code, defaults={"name": name, "is_school": is_school, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]

    operations = [migrations.RunPython(load_kinds, migrations.RunPython.noop)]
