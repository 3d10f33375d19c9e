from django.urls import path

from evalsite.http import public
from institutions import views

urlpatterns = [
    path("institutions/", public(views.DirectoryView.as_view()), name="directory"),
    path("institutions/<slug:slug>/", views.institution, name="institution"),
    path("regions/<str:code>/", views.region, name="region"),
    path("compare/", views.compare, name="compare"),
]
