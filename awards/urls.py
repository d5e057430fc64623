from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.nomination_list, name="list"),
    path("new/", views.nomination_create, name="create"),
    path("<int:nomination_id>/", views.nomination_detail, name="detail"),
    path("<int:nomination_id>/submit/", views.nomination_submit, name="submit"),
    path("councils/", views.council_list, name="councils"),
    path("councils/new/", views.council_create, name="council_create"),
    path("councils/<int:councilsession_id>/", views.council_detail, name="council"),
    path(
        "councils/<int:councilsession_id>/members/", views.council_members, name="council_members"
    ),
    path("councils/<int:councilsession_id>/votes/", views.council_votes, name="council_votes"),
    path("councils/<int:councilsession_id>/close/", views.council_close, name="council_close"),
    path(
        "councils/<int:councilsession_id>/decision/",
        views.council_decision,
        name="council_decision",
    ),
    path("councils/<int:councilsession_id>/dossier/", views.dossier_start, name="dossier_start"),
    path(
        "councils/<int:councilsession_id>/dossier/status/",
        views.dossier_status,
        name="dossier_status",
    ),
    path("councils/<int:councilsession_id>/dossier.pdf", views.dossier_pdf, name="dossier_pdf"),
    path("councils/<int:councilsession_id>/dossier.zip", views.dossier_zip, name="dossier_zip"),
    path(
        "councils/<int:councilsession_id>/decision/status/",
        views.decision_status,
        name="decision_status",
    ),
    path("councils/<int:councilsession_id>/decision.pdf", views.decision_pdf, name="decision_pdf"),
    path(
        "councils/<int:councilsession_id>/decision.docx", views.decision_docx, name="decision_docx"
    ),
    path(
        "councils/<int:councilsession_id>/dossier-word.zip", views.dossier_docx, name="dossier_docx"
    ),
    path("recognitions/", views.recognition_list, name="recognitions"),
    path("recognitions/new/", views.recognition_create, name="recognition_create"),
    path("recognitions/<int:recognition_id>/", views.recognition_detail, name="recognition"),
    path(
        "recognitions/<int:recognition_id>/edit/", views.recognition_edit, name="recognition_edit"
    ),
    path(
        "recognitions/<int:recognition_id>/issue/",
        views.recognition_issue,
        name="recognition_issue",
    ),
    path(
        "recognitions/<int:recognition_id>/delete/",
        views.recognition_delete,
        name="recognition_delete",
    ),
    path(
        "recognitions/<int:recognition_id>/render/",
        views.recognition_render,
        name="recognition_render",
    ),
    path(
        "recognitions/<int:recognition_id>/status/",
        views.recognition_status,
        name="recognition_status",
    ),
    path(
        "recognitions/<int:recognition_id>/decision.pdf",
        views.recognition_pdf,
        name="recognition_pdf",
    ),
    path(
        "recognitions/<int:recognition_id>/decision.docx",
        views.recognition_docx,
        name="recognition_docx",
    ),
    path("history/units/<int:unit_id>/", views.unit_history, name="unit_history"),
    path("history/people/<int:person_id>/", views.person_history, name="person_history"),
    path("people/<int:person_id>/conduct/", views.conduct_list, name="conduct"),
    path("conduct/<int:conductrecord_id>/", views.conduct_edit, name="conduct_edit"),
]
