from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from jiefen.api.agreements import (
    AgreementStatusView,
    CourtApplicationView,
    CourtStepView,
    NotarialRequestView,
    NotaryDeskView,
    NotaryRequestView,
    NotaryResultView,
    NotaryStepView,
)
from jiefen.api.field_reports import FieldReportViewSet
from jiefen.api.laws import LawArticleView, LawSearchView
from jiefen.api.referrals import ReferralViewSet
from jiefen.api.supervision import (
    AgencyAnswerView,
    AgencyUrgeAnswerView,
    AgencyUrgesView,
    AwaitingGradeView,
    ExtensionView,
    GradeView,
    SupervisedAgreementsView,
    SupervisionListView,
    UrgeView,
)
from jiefen.api.views import CaseViewSet, ObtainTokenView
from jiefen.followups import api as followups
from jiefen.mediation import api as mediation
from jiefen.portal.api import ReceiptsView
from jiefen.respondent import api as respondent

app_name = "api"

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("field-reports", FieldReportViewSet, basename="field-report")

urlpatterns = [
    path("token/", ObtainTokenView.as_view(), name="token"),
    # The SMS gateway's delivery receipts, signed with a shared secret (jiefen.portal.api), not a staff endpoint.
    path("sms/receipts/", ReceiptsView.as_view(), name="sms_receipts"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("supervision/", SupervisionListView.as_view(), name="supervision"),
    path("supervision/agreements/", SupervisedAgreementsView.as_view(), name="supervised-agreements"),
    path("supervision/urges/", AgencyUrgesView.as_view(), name="agency-urges"),
    path("supervision/urges/<str:id>/answer/", AgencyUrgeAnswerView.as_view(), name="agency-urge-answer"),
    path("supervision/grading/", AwaitingGradeView.as_view(), name="awaiting-grade"),
    # The notary office's own requests (jiefen.agreements.notary); any id is routed, for the JSON 404.
    path("notary/requests/", NotaryDeskView.as_view(), name="notary_requests"),
    path("notary/requests/<str:id>/", NotaryRequestView.as_view(), name="notary_request"),
    path("notary/requests/<str:id>/steps/", NotaryStepView.as_view(), name="notary_step"),
    path("cases/<str:pk>/urges/", UrgeView.as_view(), name="case-urges"),
    path("cases/<str:pk>/agency-answers/", AgencyAnswerView.as_view(), name="case-agency-answers"),
    path("cases/<str:pk>/deadline-extensions/", ExtensionView.as_view(), name="case-deadline-extensions"),
    path("cases/<str:pk>/grades/", GradeView.as_view(), name="case-grades"),
    path("laws/search", LawSearchView.as_view(), name="law_search"),
    # Any number is routed, so that a bad one gets the API's JSON 404 rather than the site's page.
    path("laws/<str:short>/<str:number>/", LawArticleView.as_view(), name="law_article"),
    # Mediation work on a case (jiefen.mediation.api); a malformed id is routed too, for the JSON 404.
    path("cases/<str:id>/mediator-candidates/", mediation.CandidatesView.as_view(), name="mediator_candidates"),
    path("cases/<str:id>/session-plans/", mediation.PlansView.as_view(), name="session_plans"),
    path("cases/<str:id>/session-plans/<str:plan_id>/cancel/", mediation.CancelPlanView.as_view(),
         name="cancel_session_plan"),
    path("cases/<str:id>/session-plans/<str:plan_id>/reschedule/", mediation.ReschedulePlanView.as_view(),
         name="reschedule_session_plan"),
    path("cases/<str:id>/sessions/", mediation.SessionsView.as_view(), name="case_sessions"),
    path("cases/<str:id>/respondent-contacts/", respondent.ContactsView.as_view(), name="respondent_contacts"),
    path("cases/<str:id>/materials/", mediation.MaterialsView.as_view(), name="case_materials"),
    path("cases/<str:id>/materials/<str:material_id>/versions/<str:number>/file/",
         mediation.MaterialFileView.as_view(), name="material_file"),
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
    # After closure (jiefen.followups.api).
    path("cases/<str:id>/follow-ups/", followups.FollowUpsView.as_view(), name="follow_ups"),
    path("cases/<str:id>/follow-ups/<str:follow_up>/visits/", followups.VisitView.as_view(), name="follow_up_visit"),
    path("cases/<str:id>/visits/<str:visit>/recurrence/", followups.RecurrenceView.as_view(), name="recurrence"),
    path("cases/<str:id>/performance/", followups.PerformanceView.as_view(), name="performance"),
    path("cases/<str:id>/performance/<str:item>/marks/", followups.MarkView.as_view(), name="performance_mark"),
    path("cases/<str:id>/performance/<str:item>/corrections/", followups.CorrectionView.as_view(),
         name="performance_correction"),
    path("cases/<str:id>/performance/<str:item>/marks/<str:mark>/withdrawal/", followups.MarkWithdrawalView.as_view(),
         name="performance_mark_withdrawal"),
    path("cases/<str:id>/enforcement-applications/", followups.EnforcementApplicationsView.as_view(),
         name="enforcement_applications"),
    path("cases/<str:id>/enforcement-applications/<str:application>/steps/", followups.EnforcementStepView.as_view(),
         name="enforcement_step"),
    *router.urls,
]
