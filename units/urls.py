from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("", views.unit_list, name="list"),
    path("import/", views.unit_tree_import, name="import"),
    path("import/template.xlsx", views.unit_tree_import_template, name="import_template"),
    path("<int:unit_id>/", views.unit_detail, name="detail"),
    path("<int:unit_id>/move/", views.unit_move, name="move"),
    path("<int:unit_id>/dissolve/", views.unit_dissolve, name="dissolve"),
    path("<int:unit_id>/merge/", views.unit_merge, name="merge"),
    path("<int:unit_id>/people/new/", views.person_create, name="person_create"),
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
    path("people/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:person_id>/move/", views.person_move, name="person_move"),
    path("people/<int:person_id>/deactivate/", views.person_deactivate, name="person_deactivate"),
    path("people/<int:person_id>/reactivate/", views.person_reactivate, name="person_reactivate"),
    path("audit/", views.audit_log, name="audit"),
    path("citizen-id-views/", views.citizen_id_views, name="citizen_id_views"),
]
