from django.urls import path

from . import views

app_name = "initiatives"

urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("new/<int:deadline_id>/", views.initiative_create, name="create"),
    path("<int:initiative_id>/", views.initiative_detail, name="detail"),
    path("<int:initiative_id>/edit/", views.initiative_edit, name="edit"),
    path("<int:initiative_id>/autosave/", views.initiative_autosave, name="autosave"),
    path("<int:initiative_id>/decide/", views.initiative_decide, name="decide"),
    path("board/<int:deadline_id>/", views.review_board, name="board"),
    path("board/<int:deadline_id>/decide/", views.board_decide, name="board_decide"),
    path("board/<int:deadline_id>/consolidate/", views.consolidate, name="consolidate"),
    path("board/<int:deadline_id>/import/", views.registrations_import, name="import"),
    path("lists/<int:consolidation_id>/", views.consolidation_detail, name="consolidation"),
    path(
        "lists/<int:consolidation_id>/excel/", views.consolidation_excel, name="consolidation_excel"
    ),
    path("lists/<int:consolidation_id>/pdf/", views.consolidation_pdf, name="consolidation_pdf"),
    path("lists/<int:consolidation_id>/docx/", views.consolidation_docx, name="consolidation_docx"),
    path(
        "lists/<int:consolidation_id>/evidence.zip",
        views.consolidation_evidence_zip,
        name="consolidation_evidence_zip",
    ),
    path(
        "lists/<int:consolidation_id>/forward/",
        views.consolidation_forward,
        name="consolidation_forward",
    ),
    # --- Scoring, review assignments and deadline extensions ---
    path("<int:initiative_id>/score/", views.initiative_score, name="score"),
    path("<int:initiative_id>/assign/", views.initiative_assign, name="assign"),
    path("board/<int:deadline_id>/ranking/", views.ranking, name="ranking"),
    path(
        "board/<int:deadline_id>/extend/<int:unit_id>/",
        views.deadline_extension,
        name="extend",
    ),
    path("replication/", views.recommended_list, name="recommended"),
    path("<int:initiative_id>/recommend/", views.initiative_recommend, name="recommend"),
    path("<int:initiative_id>/result/adopt/", views.result_adopt, name="result_adopt"),
    # --- Result reports (Mẫu 2) and evidence ---
    path("<int:initiative_id>/result/", views.result_report, name="result"),
    path("<int:initiative_id>/result/decide/", views.result_decide, name="result_decide"),
    path("<int:initiative_id>/mau-1.pdf", views.registration_pdf, name="registration_pdf"),
    path("<int:initiative_id>/mau-2.pdf", views.result_pdf, name="result_pdf"),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("evidence/<int:evidence_id>/delete/", views.evidence_remove, name="evidence_delete"),
]
