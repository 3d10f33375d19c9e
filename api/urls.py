from django.urls import path, re_path

from api import views

urlpatterns = [
    path("", views.Root.as_view(), name="api_root"),
    path("awards/<int:year>/", views.AwardsView.as_view(), name="api_awards"),
    path("institutions/", views.InstitutionListView.as_view(), name="api_institutions"),
    path(
        "institutions/<slug:slug>/",
        views.InstitutionDetailView.as_view(),
        name="api_institution",
    ),
    path("regions/<str:code>/", views.RegionView.as_view(), name="api_region"),
    path("schema/", views.SchemaView.as_view(), name="api_schema"),
    re_path(r"^", views.NoSuchEndpoint.as_view()),
]
