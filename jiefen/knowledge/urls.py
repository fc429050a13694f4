from django.urls import path

from jiefen.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("", views.service_catalogue, name="catalogue"),
]
