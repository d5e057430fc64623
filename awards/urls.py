from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.nomination_list, name="list"),
    path("new/", views.nomination_create, name="create"),
    path("<int:nomination_id>/", views.nomination_detail, name="detail"),
    path("<int:nomination_id>/submit/", views.nomination_submit, name="submit"),
]
