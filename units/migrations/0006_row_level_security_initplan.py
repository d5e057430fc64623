"""The policies again, for every app, with the settings read once per query (units/rls.py)."""

from django.db import migrations

from units.rls import enable_for_app

APPS = ("units", "campaign", "initiatives", "awards", "reports", "documents")


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0005_audit_history"),
        ("campaign", "0007_audit_history"),
        ("initiatives", "0008_file_macros"),
        ("awards", "0004_audit_history"),
        ("reports", "0006_file_macros"),
        ("documents", "0004_audit_history"),
    ]

    operations = [enable_for_app(app) for app in APPS]
