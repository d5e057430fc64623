"""What a notification tells of: one kind per workflow event. A person chooses, per kind, how
it reaches them (in the app only, an e-mail at once, or the daily digest); the tenant sets the
defaults. Every app that notifies names its event here, so the choices page lists them all."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REMINDER = "reminder", _("Deadline reminders")
    PLAN_LAUNCHED = "plan_launched", _("A plan is issued to my unit")
    PLAN_BASED_ON_MINE = "plan_based_on_mine", _("A plan based on my unit's plan is issued")
    DEADLINE_EXTENDED = "deadline_extended", _("A deadline of my unit is extended")
    INITIATIVE_RETURNED = "initiative_returned", _("A registration (Mẫu 1) is returned")
    INITIATIVE_ACCEPTED = "initiative_accepted", _("A registration (Mẫu 1) is accepted")
    INITIATIVE_REJECTED = "initiative_rejected", _("A registration (Mẫu 1) is rejected")
    RESULT_RETURNED = "result_returned", _("A result report (Mẫu 2) is returned")
    RESULT_ACCEPTED = "result_accepted", _("A result report (Mẫu 2) is accepted")
    RESULT_REJECTED = "result_rejected", _("A result report (Mẫu 2) is rejected")
    ITEMS_ASSIGNED = "items_assigned", _("Items are assigned to me to score")
    LIST_FORWARDED = "list_forwarded", _("A consolidated list reaches my unit")
    REPORT_REOPENED = "report_reopened", _("A periodic report of my unit is reopened")
    REPORT_LATE = "report_late", _("A periodic report reaches my unit late")
    NOMINATION_INELIGIBLE = "nomination_ineligible", _("A nomination sent is found ineligible")
    COUNCIL_RESULT = "council_result", _("The council's result on a nomination")
    AWARD_DECIDED = "award_decided", _("An award is decided")
    REVIEW_WORK = "review_work", _("My review work waiting")


class Channel(models.TextChoices):
    """How a notification of one kind reaches a person, besides the notification centre."""

    APP = "app", _("In the app only")
    EMAIL = "email", _("E-mail at once")
    DIGEST = "digest", _("Daily digest")


# The platform's defaults, until the tenant administrator sets its own: what a person must
# act on soon (a return, a rejection, a deadline, a reopened report) comes at once; news that
# asks nothing urgent (a plan issued, an item accepted, a list arrived) waits for the morning
# digest. Reminders come at once, as they always did.
DEFAULT_CHANNELS: dict[str, str] = {
    Kind.REMINDER: Channel.EMAIL,
    Kind.PLAN_LAUNCHED: Channel.DIGEST,
    Kind.PLAN_BASED_ON_MINE: Channel.DIGEST,
    Kind.DEADLINE_EXTENDED: Channel.EMAIL,
    Kind.INITIATIVE_RETURNED: Channel.EMAIL,
    Kind.INITIATIVE_ACCEPTED: Channel.DIGEST,
    Kind.INITIATIVE_REJECTED: Channel.EMAIL,
    Kind.RESULT_RETURNED: Channel.EMAIL,
    Kind.RESULT_ACCEPTED: Channel.DIGEST,
    Kind.RESULT_REJECTED: Channel.EMAIL,
    Kind.ITEMS_ASSIGNED: Channel.DIGEST,
    Kind.LIST_FORWARDED: Channel.DIGEST,
    Kind.REPORT_REOPENED: Channel.EMAIL,
    Kind.REPORT_LATE: Channel.DIGEST,
    Kind.NOMINATION_INELIGIBLE: Channel.EMAIL,
    Kind.COUNCIL_RESULT: Channel.DIGEST,
    Kind.AWARD_DECIDED: Channel.DIGEST,
    Kind.REVIEW_WORK: Channel.DIGEST,
}


def default_channel(kind: str) -> str:
    """The platform's default for `kind`; a kind not listed (an app's own) comes at once."""
    return DEFAULT_CHANNELS.get(kind, Channel.EMAIL)
