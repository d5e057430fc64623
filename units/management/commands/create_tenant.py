"""`manage.py create_tenant`: the platform operator's onboarding form for scripts. The same
inputs as the admin's "add tenant" page, the same service (`units.services.tenant_onboard`),
run as the system itself (actor=SYSTEM, the convention of every service)."""

import getpass
import os
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from units import services
from units.models import UnitKind
from units.permissions import SYSTEM

PASSWORD_ENV = "CREATE_TENANT_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a tenant with its root unit and its first administrator (a tenant "
        "administrator at the root), then each app's defaults for a new tenant. Nothing is "
        f"written unless everything is valid. The password comes from --password, the "
        f"{PASSWORD_ENV} environment variable, or a prompt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Tenant name, e.g. “Phường Sài Gòn”.")
        parser.add_argument("--slug", default="", help="Short name; folded from the name if empty.")
        parser.add_argument("--root-name", required=True, help="Official name of the root unit.")
        parser.add_argument("--root-code", required=True, help="Short code, e.g. UBND-PSG.")
        parser.add_argument(
            "--root-kind", required=True, help="Unit kind code, e.g. ubnd-xa, so, truong-mam-non."
        )
        parser.add_argument("--root-place-name", default="", help="Place name on documents.")
        parser.add_argument("--root-parent-body-name", default="", help="Governing body.")
        parser.add_argument("--root-email", default="")
        parser.add_argument("--admin-username", required=True)
        parser.add_argument("--admin-full-name", required=True)
        parser.add_argument("--admin-email", default="")
        parser.add_argument("--password", default=None, help=f"Or set {PASSWORD_ENV}.")

    def handle(self, *args, **options):
        with translation.override("vi"):
            kind = UnitKind.objects.filter(code=options["root_kind"]).first()
            if kind is None:
                codes = ", ".join(UnitKind.objects.values_list("code", flat=True))
                raise CommandError(
                    f"Không có loại đơn vị “{options['root_kind']}”. Các loại: {codes}."
                )
            password = options["password"] or os.environ.get(PASSWORD_ENV) or self._prompt()
            try:
                done = services.tenant_onboard(
                    actor=SYSTEM,
                    name=options["name"],
                    slug=options["slug"],
                    root_name=options["root_name"],
                    root_code=options["root_code"],
                    root_kind=kind,
                    root_place_name=options["root_place_name"],
                    root_parent_body_name=options["root_parent_body_name"],
                    root_email=options["root_email"],
                    admin_username=options["admin_username"],
                    admin_full_name=options["admin_full_name"],
                    admin_email=options["admin_email"],
                    admin_password=password,
                )
            except ValidationError as exc:
                raise CommandError(_describe(exc)) from exc
        out = self.stdout
        out.write(self.style.SUCCESS(f"Đã tạo đơn vị sử dụng “{done.tenant.name}”."))
        out.write(f"  Tên viết tắt:      {done.tenant.slug}")
        out.write(f"  Đơn vị gốc:        {done.root.name} ({done.root.code}, {done.root.kind})")
        out.write(f"  Quản trị viên:     {done.admin.username} — {done.admin.full_name}")
        out.write("  Quản trị viên đăng nhập ngay được bằng mật khẩu đã nhập.")

    def _prompt(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError(
                f"Cần mật khẩu cho quản trị viên: --password hoặc biến môi trường {PASSWORD_ENV}."
            )
        first = getpass.getpass("Mật khẩu của quản trị viên: ")
        if first != getpass.getpass("Nhập lại mật khẩu: "):
            raise CommandError("Hai mật khẩu không giống nhau.")
        return first


def _describe(exc: ValidationError) -> str:
    option = {"admin_password": "--password"}
    lines = ["Chưa tạo gì vì dữ liệu chưa hợp lệ:"]
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for name, messages in by_field.items():
        label = "" if name == "__all__" else option.get(name, "--" + name.replace("_", "-"))
        for message in messages:
            lines.append(f"  {label}: {message}" if label else f"  {message}")
    return "\n".join(lines)
