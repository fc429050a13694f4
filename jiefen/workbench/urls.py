from django.urls import path

from jiefen.workbench.views import (
    cases,
    consent,
    desk,
    documents,
    duplicates,
    groups,
    laws,
    moves,
    notices,
    personal_data,
    proposals,
    queue,
    register,
    status_messages,
)

app_name = "workbench"
urlpatterns = [
    path("", queue.work_queue_view, name="queue"),
    path("alerts/<int:pk>/acknowledge/", desk.acknowledge_alert_view, name="acknowledge_alert"),
    path("notices/<int:pk>/seen/", desk.mark_notice_seen_view, name="mark_notice_seen"),
    path("cases/", cases.case_list, name="case_list"),
    path("laws/", laws.law_search, name="laws"),
    path("laws/<str:short>/<int:number>/", laws.law_article, name="law_article"),
    path("cases/new/", register.register_view, name="register"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/consent/<str:token>/", consent.consent_view, name="consent"),
    path("cases/<int:pk>/moves/<slug:move>/", moves.move_view, name="move"),
    path("cases/<int:pk>/links/", duplicates.link_view, name="link"),
    path("cases/<int:pk>/proposal/", proposals.proposal_view, name="proposal"),
    path("cases/<int:pk>/proposal/request/", proposals.request_proposal_view, name="request_proposal"),
    path("cases/<int:pk>/agreement.docx", documents.agreement_download, name="agreement"),
    path("cases/<int:pk>/undisputed-facts.docx", documents.undisputed_facts_download, name="undisputed_facts"),
    path("cases/<int:pk>/notice.pdf", notices.notice_pdf_view, name="notice_pdf"),
    path("cases/<int:pk>/notice.docx", notices.notice_docx_view, name="notice_docx"),
    path("cases/<int:pk>/notice/served/", notices.serve_notice_view, name="serve_notice"),
    path("cases/<int:pk>/notice/served-online/", notices.serve_online_view, name="serve_online"),
    path("cases/<int:pk>/service-records/", notices.service_records_view, name="service_records"),
    path("cases/<int:pk>/claimants/outcomes/", groups.record_outcomes_view, name="claimant_outcomes"),
    path("cases/<int:pk>/claimants/notices.pdf", groups.group_notices_view, name="group_notices_pdf"),
    path("cases/<int:pk>/claimants/notices/served/", groups.serve_group_notices_view, name="serve_group_notices"),
    path(
        "cases/<int:pk>/messages/<int:message_pk>/resend/", status_messages.resend_view, name="resend_message"
    ),
    path(
        "cases/<int:pk>/parties/<int:party_pk>/personal-data/", personal_data.reveal_view, name="personal_data"
    ),
]
