"""Row-level security on every table of the app a tenant owns (see units/rls.py)."""

from django.db import migrations

from units.rls import enable_for_app


class Migration(migrations.Migration):
    dependencies = [("campaign", "0005_periodic_reminders")]

    operations = [enable_for_app("campaign")]
