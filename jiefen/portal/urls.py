from django.urls import path

from jiefen.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("submit/", views.submit_view, name="submit"),
    path("submit/villages/", views.villages, name="villages"),
    path("track/", views.track, name="track"),
    path("cases/<str:code>/", views.case_view, name="case"),
    path("cases/<str:code>/upload/", views.upload, name="upload"),
    path("cases/<str:code>/rate/", views.rate_view, name="rate"),
    path("cases/<str:code>/book/", views.book, name="book"),
    path("cases/<str:code>/method/", views.answer_method, name="method"),
    path("cases/<str:code>/cancel-booking/", views.cancel_booking, name="cancel_booking"),
    path("served/<str:token>/", views.served, name="served"),
    path("served/<str:token>/download/", views.served_download, name="served_download"),
    path("elder/", views.elder_toggle, name="elder"),
]
