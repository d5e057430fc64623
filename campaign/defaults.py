"""What a new tenant's campaigns start with (the `tenant_defaults` hook of this app, called by
`units.services.tenant_onboard`): the default KPI catalogue of the seed plans and the reminder
settings, both ready for the tenant administrator to edit. Idempotent."""

from .models import ReminderSettings
from .services import kpi_catalogue_ensure


def tenant_defaults_create(*, tenant, root) -> None:
    kpi_catalogue_ensure(tenant)
    ReminderSettings.objects.get_or_create(tenant=tenant)
