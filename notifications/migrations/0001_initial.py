"""The Notification model, moved from campaign with its table (campaign_notification, made
by campaign 0004): this only tells the migration state, the database already has it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from units.rls import enable_for_app


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("campaign", "0009_notification_moves_to_notifications"),
        ("units", "0007_person_is_active"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("title", models.CharField(max_length=500, verbose_name="title")),
                        ("body", models.TextField(blank=True, verbose_name="message")),
                        ("url", models.CharField(blank=True, max_length=500, verbose_name="link")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created at"),
                        ),
                        (
                            "read_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="read at"),
                        ),
                        (
                            "reminder",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="notifications",
                                to="campaign.reminderlog",
                                verbose_name="reminder",
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
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "db_table": "campaign_notification",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [
                            models.Index(
                                fields=["user", "read_at"], name="campaign_no_user_id_54d18d_idx"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        # The policy campaign's migrations made on the table, made again under this app's name
        # (the same policy: dropped and created, whatever the database held).
        enable_for_app("notifications"),
    ]
