"""Row-level security on every table of the app a tenant owns (see units/rls.py)."""

from django.db import migrations

from units.rls import enable_for_app


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_signingcertificate")]

    operations = [enable_for_app("documents")]
