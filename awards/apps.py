from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")
    demo_loader = "awards.demo.load_demo_awards"
    # Who still owes an award proposal, for the reminders (campaign.obligations).
    obligations = {"award_proposal": {"owed": "awards.selectors.award_proposal_owed"}}
