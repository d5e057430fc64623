# The old thresholds are dropped once 0009 has copied them (a migration of its own, so that
# PostgreSQL alters the tables after the data migration's transaction has committed).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("awards", "0009_council_rules"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="awardsettings",
            name="approval_threshold",
        ),
        migrations.RemoveField(
            model_name="councilsession",
            name="approval_threshold",
        ),
        migrations.RemoveField(
            model_name="historicalawardsettings",
            name="approval_threshold",
        ),
        migrations.RemoveField(
            model_name="historicalcouncilsession",
            name="approval_threshold",
        ),
    ]
