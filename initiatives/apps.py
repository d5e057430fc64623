from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")
    demo_loader = "initiatives.demo.load_demo_initiatives"
    home_tasks = "initiatives.home.tasks_for"  # campaign.home
    # What a unit still owes for these deadline kinds (campaign.obligations).
    obligations = {
        "registration": {
            # Mẫu 1 is started from the plan's page (a POST), so the link goes there.
            "owed": "initiatives.selectors.registration_owed",
            "board_url": "initiatives:board",
        },
        "result_report": {
            "owed": "initiatives.selectors.result_report_owed",
            "board_url": "initiatives:board",
        },
    }
