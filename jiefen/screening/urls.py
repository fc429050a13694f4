from django.urls import path

from jiefen.screening import views

app_name = "screening"
urlpatterns = [
    path("field/", views.my_reports_view, name="mine"),
    path("field/new/", views.new_report_view, name="new"),
    path("field/photos/<str:token>/", views.photo_view, name="photo"),
    path("leads/", views.leads_view, name="leads"),
    path("leads/<int:pk>/", views.lead_view, name="lead"),
    path("leads/<int:pk>/case/", views.lead_register_view, name="lead_register"),
    path("leads/<int:pk>/close/", views.lead_close_view, name="lead_close"),
]
