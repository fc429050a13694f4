from django.urls import path

from jiefen.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("", views.service_catalogue, name="catalogue"),
    path("laws/", views.public_law_search, name="laws"),
    path("laws/<str:short>/<int:number>/", views.public_law_article, name="law_article"),
]
