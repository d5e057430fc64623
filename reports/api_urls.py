from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("campaigns", api.CampaignViewSet, basename="campaign")
router.register("initiatives", api.InitiativeViewSet, basename="initiative")
router.register("reports", api.ReportViewSet, basename="report")

app_name = "api"

urlpatterns = [
    path("", include(router.urls)),
    path("rollup/", api.RollupView.as_view(), name="rollup"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
