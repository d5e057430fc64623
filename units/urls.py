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
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
    path("audit/", views.audit_log, name="audit"),
]
