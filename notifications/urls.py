from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("badge/", views.notification_badge, name="badge"),
    path("channels/", views.notification_channels, name="channels"),
    path("settings/", views.notification_settings, name="settings"),
    path("settings/retry/", views.notification_retry, name="retry"),
    path("read/", views.notifications_read, name="read"),
    path("<int:notification_id>/", views.notification_open, name="open"),
]
