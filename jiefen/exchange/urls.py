from django.urls import path

from jiefen.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.referral_list, name="referrals"),
    path("new/", views.refer_view, name="refer"),
    path("deliveries/", views.delivery_log, name="deliveries"),
    path("deliveries/<int:pk>/replay/", views.replay_view, name="replay"),
]
