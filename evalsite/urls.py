from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from evalsite import views

# The admin carries the site's name, not Django's.
admin.site.site_header = _("Evaluation ratings and plans: administration")
admin.site.site_title = _("Evaluation ratings and plans")
admin.site.index_title = _("Data entry and publishing")

urlpatterns = [
    path("", include("ratings.urls")),
    path("", include("institutions.urls")),
    # /healthz is answered by evalsite.middleware.HealthAndHead, before host checks.
    path("data/", views.data_dictionary, name="data"),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
    # The language switcher posts here. It only sets the language cookie, so it
    # needs no CSRF token, which keeps public pages free of per-visitor tokens
    # (and cacheable).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
]

if settings.BENCH_FLOOR:
    # The benchmark's floor: a fixed short answer through the whole middleware stack.
    urlpatterns.append(path("bench/floor", views.floor))
