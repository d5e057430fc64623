from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = _("Campaigns")
    demo_loader = "campaign.demo.load_demo_campaigns"
    demo_finisher = "campaign.demo.demo_reminders"  # once every app has loaded its demo
    # What a new tenant starts with (units.services.tenant_onboard calls it).
    tenant_defaults = "campaign.defaults.tenant_defaults_create"
