from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from jiefen.api.agreements import (
    AgreementStatusView,
    CourtApplicationView,
    CourtStepView,
    NotarialRequestView,
    NotaryResultView,
)
from jiefen.api.field_reports import FieldReportViewSet
from jiefen.api.laws import LawArticleView, LawSearchView
from jiefen.api.referrals import ReferralViewSet
from jiefen.api.views import CaseViewSet, ObtainTokenView

app_name = "api"

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("field-reports", FieldReportViewSet, basename="field-report")

urlpatterns = [
    path("token/", ObtainTokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("laws/search", LawSearchView.as_view(), name="law_search"),
    # Any number is routed, so that a bad one gets the API's JSON 404 rather than the site's page.
    path("laws/<str:short>/<str:number>/", LawArticleView.as_view(), name="law_article"),
    # As for laws: any id is routed, so that a bad one gets the API's JSON 404 rather than the site's page.
    path("cases/<str:id>/agreement/", AgreementStatusView.as_view(), name="agreement_status"),
    path("cases/<str:id>/court-applications/", CourtApplicationView.as_view(), name="court_applications"),
    path(
        "cases/<str:id>/court-applications/<str:application>/steps/", CourtStepView.as_view(), name="court_step"
    ),
    path("cases/<str:id>/notarial-requests/", NotarialRequestView.as_view(), name="notarial_requests"),
    path(
        "cases/<str:id>/notarial-requests/<str:notarial_request>/result/", NotaryResultView.as_view(),
        name="notary_result",
    ),
    *router.urls,
]
