from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("open/<int:reportschedule_id>/", views.report_open, name="open"),
    path("<int:periodicreport_id>/", views.report_detail, name="detail"),
    path("<int:periodicreport_id>/reopen/", views.report_reopen, name="reopen"),
    path("<int:periodicreport_id>/pdf/", views.report_pdf, name="pdf"),
    path("<int:periodicreport_id>/docx/", views.report_docx, name="docx"),
    path("<int:periodicreport_id>/attachments/", views.attachment_upload, name="attachment_upload"),
    path(
        "attachments/<int:reportattachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "attachments/<int:reportattachment_id>/delete/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("dashboard/pdf/", views.dashboard_pdf, name="dashboard_pdf"),
    path("dashboard/docx/", views.dashboard_docx, name="dashboard_docx"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/excel/", views.dashboard_excel, name="dashboard_excel"),
    path("api-keys/", views.api_keys, name="api_keys"),
    path("api-keys/<int:apitoken_id>/revoke/", views.api_key_revoke, name="api_key_revoke"),
]
