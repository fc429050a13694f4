from django.urls import path

from jiefen.respondent import views

app_name = "respondent"
urlpatterns = [
    path("cases/<int:pk>/respondent/contact/", views.contact_view, name="contact"),
    path("cases/<int:pk>/respondent/written-notice.docx", views.written_notice_view, name="written_notice"),
    path("cases/<int:pk>/respondent/written-notice.pdf", views.written_notice_pdf_view, name="written_notice_pdf"),
]
