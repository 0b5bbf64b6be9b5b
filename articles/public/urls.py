from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("corrections/", views.corrections, name="corrections"),
    path("search/", views.search, name="search"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("authors/<slug:slug>/", views.author_detail, name="author"),
    path("reviewers/<slug:slug>/", views.reviewer_detail, name="reviewer"),
    path("fact-checkers/<slug:slug>/", views.fact_checker_detail, name="fact_checker"),
]
