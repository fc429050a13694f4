from django.urls import path

from jiefen.mediation import portal_views

app_name = "mediation_portal"
urlpatterns = [
    path("", portal_views.my_cases, name="list"),
    path("<int:pk>/", portal_views.case_page, name="case"),
    path("<int:pk>/upload/", portal_views.upload, name="upload"),
    path("<int:pk>/files/<str:token>/", portal_views.file, name="file"),
]
