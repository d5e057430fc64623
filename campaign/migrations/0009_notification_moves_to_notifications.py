"""Notification moves to the notifications app: campaign forgets the model, the table
stays (notifications 0001 takes it over under the same name, with its rows, index and
row-level-security policy)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("campaign", "0008_external_plans")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        )
    ]
