from django.urls import path

from . import views
from .plan_import import views as import_views

app_name = "campaign"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("new/import/", import_views.upload, name="import_upload"),
    path("new/import/review/", import_views.review_page, name="import_review"),
    path("<int:campaign_id>/", views.campaign_detail, name="detail"),
    path("<int:campaign_id>/edit/", views.campaign_edit, name="edit"),
    path("<int:campaign_id>/pdf/", views.campaign_pdf, name="pdf"),
    path("<int:campaign_id>/docx/", views.campaign_docx, name="docx"),
    path("<int:campaign_id>/pdf/status/", views.campaign_pdf_status, name="pdf_status"),
    path("<int:campaign_id>/launch/", views.campaign_launch, name="launch"),
    path("<int:campaign_id>/cancel/", views.campaign_cancel, name="cancel"),
    path("<int:campaign_id>/duplicate/", views.campaign_duplicate, name="duplicate"),
    path("<int:campaign_id>/phases/new/", views.phase_add, name="phase_add"),
    path("<int:campaign_id>/targets/new/", views.target_add, name="target_add"),
    path("<int:campaign_id>/schedules/new/", views.schedule_add, name="schedule_add"),
    path("<int:campaign_id>/deadlines/new/", views.deadline_add, name="deadline_add"),
    path("<int:campaign_id>/criteria/new/", views.criterion_add, name="criterion_add"),
    path("<int:campaign_id>/criteria/delete/", views.criterion_remove, name="criterion_delete"),
    path("<int:campaign_id>/criteria/seed-002/", views.criteria_seed, name="criteria_seed"),
    path("phases/<int:phase_id>/edit/", views.phase_edit, name="phase_edit"),
    path("phases/<int:phase_id>/delete/", views.phase_delete, name="phase_delete"),
    path("deadlines/<int:deadline_id>/edit/", views.deadline_edit, name="deadline_edit"),
    path("deadlines/<int:deadline_id>/delete/", views.deadline_delete, name="deadline_delete"),
    path("targets/<int:kpitarget_id>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:kpitarget_id>/delete/", views.target_delete, name="target_delete"),
    path("schedules/<int:reportschedule_id>/edit/", views.schedule_edit, name="schedule_edit"),
    path(
        "schedules/<int:reportschedule_id>/delete/", views.schedule_delete, name="schedule_delete"
    ),
    path("upper-plans/", views.external_plan_list, name="external_plans"),
    path("upper-plans/<int:externalplan_id>/", views.external_plan_edit, name="external_plan"),
    path(
        "upper-plans/<int:externalplan_id>/deadlines/new/",
        views.external_deadline_add,
        name="external_deadline_add",
    ),
    path(
        "upper-plans/deadlines/<int:externaldeadline_id>/edit/",
        views.external_deadline_edit,
        name="external_deadline_edit",
    ),
    path(
        "upper-plans/deadlines/<int:externaldeadline_id>/delete/",
        views.external_deadline_delete,
        name="external_deadline_delete",
    ),
    path("deadlines/<int:deadline_id>/remind/", views.deadline_remind, name="remind"),
    path("reminders/", views.reminder_settings, name="reminders"),
    path("reminders/<int:reminderlog_id>/resend/", views.reminder_resend, name="reminder_resend"),
]
