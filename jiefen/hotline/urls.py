from django.urls import path

from jiefen.hotline import views

app_name = "hotline"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("orders/", views.work_orders, name="work_orders"),
    path("orders/<int:pk>/", views.work_order, name="work_order"),
    path("orders/<int:pk>/number/", views.reveal_number, name="reveal_number"),
    path("orders/<int:pk>/<slug:action>/", views.act, name="act"),
    path("roster/", views.roster_view, name="roster"),
    path("roster/shifts/", views.plan_shift_view, name="plan_shift"),
    path("roster/shifts/<int:pk>/cancel/", views.cancel_shift_view, name="cancel_shift"),
]
