from django.urls import path

from jiefen.followups import portal_views, views

app_name = "followups"
urlpatterns = [
    path("cases/<int:pk>/follow-ups/<int:follow_up_pk>/visit/", views.visit_view, name="visit"),
    path("cases/<int:pk>/follow-ups/visits/<int:visit_pk>/decide/", views.decide_view, name="decide"),
    path("cases/<int:pk>/performance/items/", views.add_item_view, name="add_item"),
    path("cases/<int:pk>/performance/items/<int:item_pk>/mark/", views.mark_view, name="mark"),
    path("cases/<int:pk>/performance/items/<int:item_pk>/correct/", views.correct_view, name="correct"),
    path("cases/<int:pk>/performance/items/<int:item_pk>/marks/<int:mark_pk>/withdraw/", views.withdraw_mark_view,
         name="withdraw_mark"),
    path("cases/<int:pk>/enforcement/<int:application_pk>/steps/", views.enforcement_step_view,
         name="enforcement_step"),
    path("cases/<int:pk>/enforcement/<int:application_pk>.<str:extension>", views.enforcement_file_view,
         name="enforcement_file"),
    path("follow-ups/figures/", views.figures_view, name="figures"),
    path("portal/follow-ups/", portal_views.follow_up_list, name="portal_list"),
    path("portal/follow-ups/<int:pk>/", portal_views.follow_up_page, name="portal_visit"),
    path("portal/follow-ups/items/<int:pk>/not-performed/", portal_views.not_performed, name="not_performed"),
    path("portal/follow-ups/items/<int:pk>/withdraw/", portal_views.withdraw_report, name="withdraw_report"),
]
