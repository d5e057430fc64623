from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.module_loading import import_string

from units.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Create the demo tenants shaped like the seed plans, one user per role, and each app's "
        "demo data (an AppConfig's `demo_loader`, then its `demo_finisher`); idempotent."
    )

    def handle(self, *args, **options):
        with translation.override("vi"):
            logins = load_demo()
            # Apps above units add their demo data (units must not import them).
            # Then what needs all of it in place (the day's reminder sweep).
            for hook in ("demo_loader", "demo_finisher"):
                for config in apps.get_app_configs():
                    path = getattr(config, hook, None)
                    if path:
                        import_string(path)()
        self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng. Tài khoản đăng nhập:"))
        width = max(len(username) for _, _, username, _ in logins)
        current = None
        for tenant, role, username, unit in logins:
            if tenant != current:
                self.stdout.write(f"\n  {tenant}")
                current = tenant
            self.stdout.write(f"    {username.ljust(width)}  {role} — {unit}")
        self.stdout.write(f"\n  Mật khẩu cho mọi tài khoản: {DEMO_PASSWORD}\n")
