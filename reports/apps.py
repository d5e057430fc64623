from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")
    home_tasks = "reports.home.tasks_for"  # campaign.home
    demo_loader = "reports.demo.load_demo_reports"
    # The dashboard's sums follow a unit moved in the tree (units.services).
    tree_change = "reports.totals.following_subtree"
    # Who still owes each periodic report, for the reminders (campaign.obligations).
    periodic_obligation = {
        "owed": "reports.selectors.periodic_owed",
        "unit_url": "reports:list",
        "board_url": "reports:dashboard",
    }
