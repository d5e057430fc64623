from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("badge/", views.notification_badge, name="badge"),
    path("read/", views.notifications_read, name="read"),
    path("<int:notification_id>/", views.notification_open, name="open"),
]
