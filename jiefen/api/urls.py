from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from jiefen.api.field_reports import FieldReportViewSet
from jiefen.api.laws import LawArticleView, LawSearchView
from jiefen.api.referrals import ReferralViewSet
from jiefen.api.supervision import AgencyAnswerView, ExtensionView, GradeView, SupervisionListView, UrgeView
from jiefen.api.views import CaseViewSet, ObtainTokenView

app_name = "api"

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("field-reports", FieldReportViewSet, basename="field-report")

urlpatterns = [
    path("token/", ObtainTokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("supervision/", SupervisionListView.as_view(), name="supervision"),
    path("cases/<str:pk>/urges/", UrgeView.as_view(), name="case-urges"),
    path("cases/<str:pk>/agency-answers/", AgencyAnswerView.as_view(), name="case-agency-answers"),
    path("cases/<str:pk>/deadline-extensions/", ExtensionView.as_view(), name="case-deadline-extensions"),
    path("cases/<str:pk>/grades/", GradeView.as_view(), name="case-grades"),
    path("laws/search", LawSearchView.as_view(), name="law_search"),
    # Any number is routed, so that a bad one gets the API's JSON 404 rather than the site's page.
    path("laws/<str:short>/<str:number>/", LawArticleView.as_view(), name="law_article"),
    *router.urls,
]
