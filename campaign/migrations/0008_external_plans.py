"""Upper-level plans outside the system and their deadlines, which plans can be based on; a
deadline after its phase's end marked as meant; row-level security on the new tables (see
units/rls.py)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from units.rls import enable_for_app


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0007_audit_history"),
        ("documents", "0005_renderjob_background_thread"),
        ("units", "0007_person_is_active"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalExternalDeadline",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("registration", "Registration of initiatives (Mẫu 1)"),
                            ("result_report", "Result report (Mẫu 2)"),
                            ("award_proposal", "Award proposal"),
                            ("summary", "Summary report to the upper level"),
                            ("plan_submission", "Submission of the unit's own plan"),
                            ("periodic_report", "Periodic report"),
                        ],
                        max_length=32,
                        verbose_name="deadline kind",
                    ),
                ),
                (
                    "due_date",
                    models.DateField(
                        help_text="Submissions are due before the end of this day.",
                        verbose_name="due date",
                    ),
                ),
                (
                    "description",
                    models.CharField(blank=True, max_length=500, verbose_name="what is due"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical deadline of an upper-level plan",
                "verbose_name_plural": "historical deadlines of an upper-level plan",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalExternalPlan",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "number",
                    models.CharField(
                        help_text="E.g. 244/KH-SGDĐT", max_length=64, verbose_name="document number"
                    ),
                ),
                ("issued_on", models.DateField(verbose_name="issued on")),
                (
                    "issuing_body",
                    models.CharField(
                        help_text="E.g. Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh",
                        max_length=255,
                        verbose_name="issuing body",
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        help_text='E.g. Phát động phong trào thi đua "Cải cách hành chính" năm 2026',
                        max_length=500,
                        verbose_name="summary (trích yếu)",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="created at"),
                ),
                (
                    "updated_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="updated at"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical upper-level plan outside the system",
                "verbose_name_plural": "historical upper-level plans outside the system",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="deadline",
            name="after_phase_end",
            field=models.BooleanField(
                default=False,
                help_text="Tick only if the plan itself sets this date after the phase's end.",
                verbose_name="due after the phase ends, as the plan says",
            ),
        ),
        migrations.AddField(
            model_name="historicaldeadline",
            name="after_phase_end",
            field=models.BooleanField(
                default=False,
                help_text="Tick only if the plan itself sets this date after the phase's end.",
                verbose_name="due after the phase ends, as the plan says",
            ),
        ),
        migrations.CreateModel(
            name="ExternalPlan",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "number",
                    models.CharField(
                        help_text="E.g. 244/KH-SGDĐT", max_length=64, verbose_name="document number"
                    ),
                ),
                ("issued_on", models.DateField(verbose_name="issued on")),
                (
                    "issuing_body",
                    models.CharField(
                        help_text="E.g. Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh",
                        max_length=255,
                        verbose_name="issuing body",
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        help_text='E.g. Phát động phong trào thi đua "Cải cách hành chính" năm 2026',
                        max_length=500,
                        verbose_name="summary (trích yếu)",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "tenant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        to="units.tenant",
                        verbose_name="tenant",
                    ),
                ),
            ],
            options={
                "verbose_name": "upper-level plan outside the system",
                "verbose_name_plural": "upper-level plans outside the system",
                "ordering": ["-issued_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="ExternalDeadline",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("registration", "Registration of initiatives (Mẫu 1)"),
                            ("result_report", "Result report (Mẫu 2)"),
                            ("award_proposal", "Award proposal"),
                            ("summary", "Summary report to the upper level"),
                            ("plan_submission", "Submission of the unit's own plan"),
                            ("periodic_report", "Periodic report"),
                        ],
                        max_length=32,
                        verbose_name="deadline kind",
                    ),
                ),
                (
                    "due_date",
                    models.DateField(
                        help_text="Submissions are due before the end of this day.",
                        verbose_name="due date",
                    ),
                ),
                (
                    "description",
                    models.CharField(blank=True, max_length=500, verbose_name="what is due"),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deadlines",
                        to="campaign.externalplan",
                        verbose_name="upper-level plan",
                    ),
                ),
            ],
            options={
                "verbose_name": "deadline of an upper-level plan",
                "verbose_name_plural": "deadlines of an upper-level plan",
                "ordering": ["due_date", "id"],
            },
        ),
        migrations.AddField(
            model_name="campaign",
            name="based_on_external",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="children",
                to="campaign.externalplan",
                verbose_name="based on the upper-level plan outside the system",
            ),
        ),
        migrations.AddField(
            model_name="historicalcampaign",
            name="based_on_external",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="campaign.externalplan",
                verbose_name="based on the upper-level plan outside the system",
            ),
        ),
        migrations.AddConstraint(
            model_name="campaign",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("based_on__isnull", True), ("based_on_external__isnull", True), _connector="OR"
                ),
                name="campaign_based_on_one_upper_plan",
            ),
        ),
        migrations.AddField(
            model_name="historicalexternaldeadline",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalexternaldeadline",
            name="plan",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="campaign.externalplan",
                verbose_name="upper-level plan",
            ),
        ),
        migrations.AddField(
            model_name="historicalexternalplan",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="created by",
            ),
        ),
        migrations.AddField(
            model_name="historicalexternalplan",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalexternalplan",
            name="tenant",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="units.tenant",
                verbose_name="tenant",
            ),
        ),
        migrations.AddConstraint(
            model_name="externalplan",
            constraint=models.UniqueConstraint(
                fields=("tenant", "number", "issued_on"), name="external_plan_unique_in_tenant"
            ),
        ),
        enable_for_app("campaign"),
    ]
