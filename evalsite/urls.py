from django.contrib import admin
from django.urls import include, path

from evalsite import views

urlpatterns = [
    path("", include("ratings.urls")),
    path("", include("institutions.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("data/", views.data_dictionary, name="data"),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
