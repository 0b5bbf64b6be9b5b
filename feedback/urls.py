from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("vote/", views.vote, name="vote"),
    path("report/<str:token>/", views.details, name="details"),
    path("thanks/", views.thanks, name="thanks"),
]
