from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("", include("jiefen.workbench.urls")),
    path("", include("jiefen.screening.urls")),
    path("", include("jiefen.mediation.urls")),
    path("", include("jiefen.supervision.urls")),
    path("", include("jiefen.agreements.urls")),
    path("", include("jiefen.respondent.urls")),
    path("", include("jiefen.followups.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("hotline/", include("jiefen.hotline.urls")),
    path("services/", include("jiefen.knowledge.urls")),
    path("portal/mediation/", include("jiefen.mediation.portal_urls")),
    path("portal/", include("jiefen.portal.urls")),
    path("referrals/", include("jiefen.exchange.urls")),
    path("api/", include("jiefen.api.urls")),
    path("admin/", admin.site.urls),
]
