from django.urls import path

from jiefen.supervision import views

app_name = "supervision"
urlpatterns = [
    path("supervision/", views.supervision_list, name="list"),
    path("supervision/grading/", views.grading_list, name="grading"),
    path("supervision/urges/<int:urge_pk>/answer/", views.agency_answer_view, name="agency_answer"),
    path("supervision/extension-consent/<str:token>/", views.extension_consent_view, name="extension_consent"),
    path("cases/<int:pk>/urges/", views.urge_view, name="urge"),
    path("cases/<int:pk>/urges/<int:urge_pk>/resend/", views.resend_urge_view, name="resend_urge"),
    path("cases/<int:pk>/agency-answers/", views.answer_view, name="answer"),
    path("cases/<int:pk>/grades/", views.grade_view, name="grade"),
    path("cases/<int:pk>/guidance.pdf", views.guidance_pdf_view, name="guidance_pdf"),
    path("cases/<int:pk>/guidance.docx", views.guidance_docx_view, name="guidance_docx"),
    path("cases/<int:pk>/guidance/served/", views.serve_guidance_view, name="serve_guidance"),
]
