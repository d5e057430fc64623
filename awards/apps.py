from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")
    home_tasks = "awards.home.tasks_for"  # campaign.home
    demo_loader = "awards.demo.load_demo_awards"
    # What a new tenant starts with (units.services.tenant_onboard calls it).
    tenant_defaults = "awards.defaults.tenant_defaults_create"
    # Who still owes an award proposal, for the reminders (campaign.obligations).
    obligations = {"award_proposal": {"owed": "awards.selectors.award_proposal_owed"}}
