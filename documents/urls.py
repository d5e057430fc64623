from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("jobs/<int:renderjob_id>/", views.job_status, name="job_status"),
    path("jobs/<int:renderjob_id>/file/", views.job_download, name="job_download"),
]
