from django.db import migrations


class Migration(migrations.Migration):
    """`requires_accepted_initiative` became `initiative_rule` (0007 copied it)."""

    dependencies = [
        ("awards", "0007_eligibility_rules_defaults"),
    ]

    operations = [
        migrations.RemoveField(model_name="awardtype", name="requires_accepted_initiative"),
        migrations.RemoveField(model_name="historicalawardtype", name="requires_accepted_initiative"),
    ]
