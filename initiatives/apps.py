from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")
    # What a unit still owes for these deadline kinds (campaign.obligations).
    obligations = {
        "registration": {
            "owed": "initiatives.selectors.registration_owed",
            "unit_url": "initiatives:create",
            "board_url": "initiatives:board",
        },
        "result_report": {
            # Mẫu 2 is filed from each accepted item, listed on the plan's page.
            "owed": "initiatives.selectors.result_report_owed",
            "board_url": "initiatives:board",
        },
    }
