from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from campaign import views as campaign_views
from units import views as unit_views

urlpatterns = [
    path("", campaign_views.home, name="home"),
    path("acting-as/", unit_views.membership_switch, name="membership_switch"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("account/two-factor/", unit_views.two_factor, name="two_factor"),
    path("account/verify/", unit_views.two_factor_verify, name="two_factor_verify"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("units/", include("units.urls")),
    # The notification centre kept its address from when campaign served it.
    path("campaigns/notifications/", include("notifications.urls")),
    path("campaigns/", include("campaign.urls")),
    path("documents/", include("documents.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("reports/", include("reports.urls")),
    path("awards/", include("awards.urls")),
    path("api/v1/", include("reports.api_urls")),
    path("admin/", admin.site.urls),
]

# The maintenance page (503) when the database is unreachable, else the 500 page.
handler500 = "core.health.server_error"
