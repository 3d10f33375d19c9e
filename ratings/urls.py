from django.urls import path

from ratings import views

urlpatterns = [
    path("", views.home, name="home"),
    path("awards/", views.awards_latest, name="awards_latest"),
    path("awards/<int:year>/", views.awards, name="awards"),
    path("awards/<int:year>.csv", views.awards_csv, name="awards_csv"),
    path("schemes/<int:pk>/", views.scheme, name="scheme"),
]
