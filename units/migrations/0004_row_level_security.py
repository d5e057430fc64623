"""Row-level security on every table of the app a tenant owns (see units/rls.py)."""

from django.db import migrations

from units.rls import enable_for_app


class Migration(migrations.Migration):
    dependencies = [("units", "0003_unit_search_name")]

    operations = [enable_for_app("units")]
