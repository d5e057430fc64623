from django.core.management.base import BaseCommand
from django.utils import translation

from campaign.seed_plans import load_seed_campaigns


class Command(BaseCommand):
    help = (
        "Create and launch the five seed plans (and the two upper-level plans they are based "
        "on) in the demo tenants; run `load_demo` first. Idempotent."
    )

    def handle(self, *args, **options):
        with translation.override("vi"):
            campaigns = load_seed_campaigns()
        for campaign in campaigns:
            number = campaign.number.display if campaign.number_id else "—"
            self.stdout.write(f"  {number:<14} {campaign.issuing_unit.name}: {campaign.title}")
        self.stdout.write(self.style.SUCCESS(f"{len(campaigns)} kế hoạch mẫu đã sẵn sàng."))
