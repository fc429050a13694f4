from django.urls import path

from jiefen.agreements import notary_views, portal_views, views

app_name = "agreements"
urlpatterns = [
    path("cases/<int:pk>/enforceability/", views.panel_view, name="panel"),
    path("cases/<int:pk>/agreement.pdf", views.agreement_pdf_view, name="agreement_pdf"),
    path("cases/<int:pk>/agreement/send/", views.send_view, name="send"),
    path("cases/<int:pk>/agreement/revise/", views.revise_view, name="revise"),
    path("cases/<int:pk>/court-applications/", views.prepare_view, name="prepare"),
    path("cases/<int:pk>/court-applications/<int:application_pk>/steps/", views.court_step_view, name="court_step"),
    path(
        "cases/<int:pk>/court-applications/<int:application_pk>/application.<str:extension>",
        views.application_file_view, name="application_file",
    ),
    path("cases/<int:pk>/notarial-requests/", views.notarial_view, name="notarial"),
    path("cases/<int:pk>/notarial-requests/<int:request_pk>/result/", views.notary_result_view, name="notary_result"),
    # The notary office's own screens (jiefen.agreements.notary).
    path("notary/requests/<int:pk>/", notary_views.request_page, name="notary_request"),
    path("notary/requests/<int:pk>/agreement.pdf", notary_views.agreement_pdf_view, name="notary_agreement_pdf"),
    path("notary/requests/<int:pk>/steps/", notary_views.step_view, name="notary_step"),
    path("portal/agreements/", portal_views.agreement_list, name="portal_list"),
    path("portal/agreements/<int:pk>/", portal_views.agreement_page, name="portal_agreement"),
]
