from django.urls import path

from jiefen.mediation import views

app_name = "mediation"
urlpatterns = [
    path("cases/<int:pk>/sessions/schedule/", views.schedule_view, name="schedule"),
    path("cases/<int:pk>/sessions/<int:plan_pk>/reschedule/", views.reschedule_view, name="reschedule"),
    path("cases/<int:pk>/sessions/<int:plan_pk>/cancel/", views.cancel_view, name="cancel"),
    path("cases/<int:pk>/walk-in/", views.walk_in_view, name="walk_in"),
    path("cases/<int:pk>/materials/", views.add_material_view, name="add_material"),
    path("cases/<int:pk>/materials/<str:token>/", views.material_file_view, name="material_file"),
    path("cases/<int:pk>/candidates/", views.candidates_view, name="candidates"),
]
