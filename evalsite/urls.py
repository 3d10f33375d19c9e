from django.contrib import admin
from django.urls import include, path

from evalsite import views

urlpatterns = [
    path("", include("ratings.urls")),
    path("", include("institutions.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
