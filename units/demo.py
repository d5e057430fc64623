"""Demo tenants shaped like the five seed plans (../shared/seeds), all as they stood before the
2025 reform, with one user per role in each and what every new tenant starts with (each
app's `tenant_defaults`: award types, KPI codes, reminder settings). Used by
`manage.py load_demo` and the tests; the apps above add their demo data, historical and
dated from the day of loading (`campaign.demo`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from units.permissions import SYSTEM

from . import services
from .models import Person, Role, Tenant, Unit, UnitKind, User

DEMO_PASSWORD = "ThiDua@2025"


@dataclass
class U:
    code: str
    name: str
    kind: str
    place: str
    parent_body: str = ""
    ownership: str = ""
    children: list[U] = field(default_factory=list)
    people: list[tuple[str, str, str]] = field(default_factory=list)  # name, position, citizen id
    # The name as the unit prints it on its letterhead, when the clerk sets it (seed 003).
    letterhead_name: str = ""


@dataclass
class DemoTenant:
    slug: str
    name: str
    root: U
    # role -> code of the unit the demo user of that role belongs to; the award officer sits
    # where the council proposing the schools' awards meets (the Phòng GD&ĐT, seed 000)
    roles: dict[str, str]


HCM = "Ủy ban nhân dân Thành phố Hồ Chí Minh"


def _school(code, name, kind, place, parent_body, people=(), ownership="public"):
    return U(code, name, kind, place, parent_body, ownership, people=list(people))


DEMO_TENANTS = [
    DemoTenant(
        "lao-cai",
        "Sở GD&ĐT tỉnh Lào Cai",
        U(
            "SGDĐT",
            "Sở Giáo dục và Đào tạo tỉnh Lào Cai",
            "so",
            "Lào Cai",
            "Ủy ban nhân dân tỉnh Lào Cai",
            children=[
                U("VP", "Văn phòng Sở", "phong-thuoc-so", "Lào Cai", "Sở Giáo dục và Đào tạo"),
                U(
                    "TCCB",
                    "Phòng Tổ chức cán bộ",
                    "phong-thuoc-so",
                    "Lào Cai",
                    "Sở Giáo dục và Đào tạo",
                    people=[("Nguyễn Thị Thu Hà", "Trưởng phòng Tổ chức cán bộ", "010186001234")],
                ),
                U(
                    "GDPT",
                    "Phòng Giáo dục phổ thông",
                    "phong-thuoc-so",
                    "Lào Cai",
                    "Sở Giáo dục và Đào tạo",
                ),
                U(
                    "KHTC",
                    "Phòng Kế hoạch - Tài chính",
                    "phong-thuoc-so",
                    "Lào Cai",
                    "Sở Giáo dục và Đào tạo",
                ),
                _school(
                    "THPT1",
                    "Trường THPT số 1 thành phố Lào Cai",
                    "truong-thpt",
                    "Lào Cai",
                    "Sở Giáo dục và Đào tạo tỉnh Lào Cai",
                    [("Phạm Văn Hùng", "Hiệu trưởng", "010079004567")],
                ),
                _school(
                    "THPTC",
                    "Trường THPT chuyên Lào Cai",
                    "truong-thpt",
                    "Lào Cai",
                    "Sở Giáo dục và Đào tạo tỉnh Lào Cai",
                ),
                _school(
                    "PTDTNT",
                    "Trường Phổ thông Dân tộc nội trú THCS và THPT tỉnh Lào Cai",
                    "truong-lien-cap",
                    "Lào Cai",
                    "Sở Giáo dục và Đào tạo tỉnh Lào Cai",
                ),
                _school(
                    "THPTBX",
                    "Trường THPT số 1 Bát Xát",
                    "truong-thpt",
                    "Bát Xát",
                    "Sở Giáo dục và Đào tạo tỉnh Lào Cai",
                ),
            ],
        ),
        {
            Role.TENANT_ADMIN: "SGDĐT",
            Role.REVIEWER: "TCCB",
            Role.AWARD_OFFICER: "SGDĐT",
            Role.UNIT_HEAD: "THPT1",
            Role.UNIT_STAFF: "THPT1",
        },
    ),
    DemoTenant(
        "nha-be",
        "Huyện Nhà Bè",
        U(
            "UBND",
            "Ủy ban nhân dân huyện Nhà Bè",
            "ubnd-huyen",
            "Nhà Bè",
            HCM,
            children=[
                U(
                    "NV",
                    "Phòng Nội vụ huyện Nhà Bè",
                    "phong-noi-vu",
                    "Nhà Bè",
                    "Ủy ban nhân dân huyện Nhà Bè",
                ),
                U(
                    "GDĐT",
                    "Phòng Giáo dục và Đào tạo huyện Nhà Bè",
                    "phong-gddt",
                    "Nhà Bè",
                    "Ủy ban nhân dân huyện Nhà Bè",
                    children=[
                        _school(
                            "MNSC",
                            "Trường Mầm non Sơn Ca",
                            "truong-mam-non",
                            "Nhà Bè",
                            "Ủy ban nhân dân huyện Nhà Bè",
                            [
                                ("Lê Thị Mỹ Hạnh", "Hiệu trưởng", "079185002468"),
                                ("Trần Thị Ngọc Lan", "Phó Hiệu trưởng", "079190013579"),
                            ],
                        ),
                        _school(
                            "MNHM",
                            "Trường Mầm non Hoa Mai",
                            "truong-mam-non",
                            "Nhà Bè",
                            "Ủy ban nhân dân huyện Nhà Bè",
                        ),
                        _school(
                            "THLVL",
                            "Trường Tiểu học Lê Văn Lương",
                            "truong-tieu-hoc",
                            "Nhà Bè",
                            "Ủy ban nhân dân huyện Nhà Bè",
                        ),
                        _school(
                            "THCSNBK",
                            "Trường THCS Nguyễn Bỉnh Khiêm",
                            "truong-thcs",
                            "Nhà Bè",
                            "Ủy ban nhân dân huyện Nhà Bè",
                        ),
                    ],
                ),
            ],
        ),
        {
            Role.TENANT_ADMIN: "UBND",
            Role.REVIEWER: "GDĐT",
            Role.AWARD_OFFICER: "GDĐT",
            Role.UNIT_HEAD: "MNSC",
            Role.UNIT_STAFF: "MNSC",
        },
    ),
    DemoTenant(
        "quan-1",
        "Quận 1",
        U(
            "UBND",
            "Ủy ban nhân dân Quận 1",
            "ubnd-huyen",
            "Quận 1",
            HCM,
            children=[
                U("NV", "Phòng Nội vụ Quận 1", "phong-noi-vu", "Quận 1", "Ủy ban nhân dân Quận 1"),
                U(
                    "GDĐT",
                    "Phòng Giáo dục và Đào tạo Quận 1",
                    "phong-gddt",
                    "Quận 1",
                    "Ủy ban nhân dân Quận 1",
                    children=[
                        _school(
                            "MNCG",
                            "Trường Mầm non Cô Giang",
                            "truong-mam-non",
                            "Quận 1",
                            "Ủy ban nhân dân Quận 1",
                            [
                                ("Phạm Thị Luật", "Hiệu trưởng", "079175001122"),
                                ("Trần Liên Hương", "Phó Hiệu trưởng", "079180003344"),
                                ("Trần Nguyễn Thùy Vy Vy", "Chủ tịch Công đoàn", ""),
                                ("Nguyễn Thị Hồng Diệu", "Bí thư chi đoàn", ""),
                            ],
                        ),
                        _school(
                            "MNBN",
                            "Trường Mầm non Bến Nghé",
                            "truong-mam-non",
                            "Quận 1",
                            "Ủy ban nhân dân Quận 1",
                        ),
                    ],
                ),
            ],
        ),
        {
            Role.TENANT_ADMIN: "UBND",
            Role.REVIEWER: "GDĐT",
            Role.AWARD_OFFICER: "GDĐT",
            Role.UNIT_HEAD: "MNCG",
            Role.UNIT_STAFF: "MNCG",
        },
    ),
    DemoTenant(
        "quan-8",
        "Quận 8",
        U(
            "UBND",
            "Ủy ban nhân dân Quận 8",
            "ubnd-huyen",
            "Quận 8",
            HCM,
            children=[
                U("NV", "Phòng Nội vụ Quận 8", "phong-noi-vu", "Quận 8", "Ủy ban nhân dân Quận 8"),
                U(
                    "PGDĐT",
                    "Phòng Giáo dục và Đào tạo Quận 8",
                    "phong-gddt",
                    "Quận 8",
                    "Ủy ban nhân dân Quận 8",
                    children=[
                        _school(
                            "MNHP",
                            "Trường Mầm non Hoa Phượng",
                            "truong-mam-non",
                            "Quận 8",
                            "Ủy ban nhân dân Quận 8",
                            [("Võ Thị Thanh Tâm", "Hiệu trưởng", "")],
                        ),
                        _school(
                            "MNRB",
                            "Trường Mầm non Rạch Ông",
                            "truong-mam-non",
                            "Quận 8",
                            "Ủy ban nhân dân Quận 8",
                        ),
                    ],
                ),
            ],
        ),
        {
            Role.TENANT_ADMIN: "UBND",
            Role.REVIEWER: "PGDĐT",
            Role.AWARD_OFFICER: "PGDĐT",
            Role.UNIT_HEAD: "MNHP",
            Role.UNIT_STAFF: "MNHP",
        },
    ),
    DemoTenant(
        "go-vap",
        "Quận Gò Vấp",
        U(
            "UBND",
            "Ủy ban nhân dân quận Gò Vấp",
            "ubnd-huyen",
            "Gò Vấp",
            HCM,
            children=[
                U(
                    "NV",
                    "Phòng Nội vụ quận Gò Vấp",
                    "phong-noi-vu",
                    "Gò Vấp",
                    "Ủy ban nhân dân quận Gò Vấp",
                ),
                U(
                    "GDĐT",
                    "Phòng Giáo dục và Đào tạo quận Gò Vấp",
                    "phong-gddt",
                    "Gò Vấp",
                    "Ủy ban nhân dân quận Gò Vấp",
                    # Seed 003 prints "ỦY BAN NHÂN DÂN QUẬN GÒ VẤP / PHÒNG GIÁO DỤC VÀ ĐÀO TẠO".
                    letterhead_name="Phòng Giáo dục và Đào tạo",
                    children=[
                        U(
                            "BDGD",
                            "Trường Bồi dưỡng giáo dục quận Gò Vấp",
                            "don-vi-su-nghiep",
                            "Gò Vấp",
                            "Ủy ban nhân dân quận Gò Vấp",
                        ),
                        _school(
                            "MNHS",
                            "Trường Mầm non Hoa Sen",
                            "truong-mam-non",
                            "Gò Vấp",
                            "Ủy ban nhân dân quận Gò Vấp",
                            [("Đặng Thị Kim Oanh", "Hiệu trưởng", "")],
                        ),
                        _school(
                            "THNTS",
                            "Trường Tiểu học Nguyễn Thượng Hiền",
                            "truong-tieu-hoc",
                            "Gò Vấp",
                            "Ủy ban nhân dân quận Gò Vấp",
                        ),
                        _school(
                            "MNTT",
                            "Trường Mầm non tư thục Tuổi Thơ",
                            "truong-mam-non",
                            "Gò Vấp",
                            "Ủy ban nhân dân quận Gò Vấp",
                            ownership="private",
                        ),
                    ],
                ),
            ],
        ),
        {
            Role.TENANT_ADMIN: "UBND",
            Role.REVIEWER: "GDĐT",
            Role.AWARD_OFFICER: "GDĐT",
            Role.UNIT_HEAD: "MNHS",
            Role.UNIT_STAFF: "MNHS",
        },
    ),
]

ROLE_LOGIN = {
    Role.TENANT_ADMIN: "admin",
    Role.REVIEWER: "reviewer",
    Role.AWARD_OFFICER: "officer",
    Role.UNIT_HEAD: "head",
    Role.UNIT_STAFF: "staff",
}


def _ensure_unit(tenant: Tenant, spec: U, parent: Unit | None, kinds) -> Unit:
    unit = Unit.objects.filter(tenant=tenant, code=spec.code).first()
    if unit is None:
        unit = services.unit_create(
            actor=SYSTEM,
            tenant=tenant,
            parent=parent,
            code=spec.code,
            name=spec.name,
            kind=kinds[spec.kind],
            place_name=spec.place,
            parent_body_name=spec.parent_body,
            letterhead_name_lines=spec.letterhead_name,
            ownership=spec.ownership,
        )
    for full_name, position, citizen_id in spec.people:
        Person.objects.get_or_create(
            tenant=tenant,
            unit=unit,
            full_name=full_name,
            defaults={"position": position, "citizen_id": citizen_id},
        )
    for child in spec.children:
        _ensure_unit(tenant, child, unit, kinds)
    return unit


@transaction.atomic
def load_demo() -> list[tuple[str, str, str, str]]:
    """Create (or complete) the demo tenants; returns (tenant, role, username, unit) rows."""
    kinds = {kind.code: kind for kind in UnitKind.objects.all()}
    logins = []
    hashed = None
    for demo in DEMO_TENANTS:
        tenant, _ = Tenant.objects.get_or_create(slug=demo.slug, defaults={"name": demo.name})
        root = _ensure_unit(tenant, demo.root, None, kinds)
        # What every new tenant starts with (award types, KPI catalogue, reminder settings).
        services.tenant_defaults_create(tenant=tenant, root=root)
        for role, unit_code in demo.roles.items():
            username = f"{demo.slug}-{ROLE_LOGIN[role]}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = services.user_create(
                    actor=SYSTEM,
                    tenant=tenant,
                    username=username,
                    full_name=f"{Role(role).label} ({demo.name})",
                )
                # One hash of the shared demo password for all 25 users: hashing it for each
                # (Django's PBKDF2, a second apiece) took most of `make run`'s loading time.
                hashed = hashed or make_password(DEMO_PASSWORD)
                User.objects.filter(pk=user.pk).update(password=hashed)
            unit = Unit.objects.get(tenant=tenant, code=unit_code)
            services.membership_grant(actor=SYSTEM, user=user, unit=unit, role=role)
            logins.append((demo.name, str(Role(role).label), username, unit.name))
    return logins
