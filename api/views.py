from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve, reverse
from django.utils.http import escape_leading_slashes
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers import (
    AwardSerializer,
    InstitutionListSerializer,
    InstitutionSerializer,
    RegionSerializer,
)
from evalsite.http import public_cache_control
from institutions.filters import InstitutionFilter, with_latest_rating
from institutions.models import Institution, ReadingOrder, Region
from institutions.queries import published_plans_of, published_ratings_of, region_summary
from ratings.views import awardees, awards_filterset


class ReadOnly:
    """GET and HEAD only (405 otherwise, as on the public pages); readable from any
    origin, always. A cross-origin GET needs no preflight, so no OPTIONS either.
    Cached as the public pages are."""

    http_method_names = ["get", "head"]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return public_cache_control(response)


class SchemaView(ReadOnly, SpectacularAPIView):
    pass


@extend_schema(exclude=True)
class Root(ReadOnly, APIView):
    """/api/v1/: where the endpoints are, their schema and the data's description."""

    def get(self, request):
        root = request.build_absolute_uri(reverse("api_root"))
        return Response(
            {
                "awards": f"{root}awards/{{year}}/",
                "institutions": request.build_absolute_uri(reverse("api_institutions")),
                "institution": f"{root}institutions/{{slug}}/",
                "region": f"{root}regions/{{code}}/",
                "schema": request.build_absolute_uri(reverse("api_schema")),
                "data_dictionary": request.build_absolute_uri(reverse("data")),
            }
        )


@extend_schema(exclude=True)
class NoSuchEndpoint(ReadOnly, APIView):
    """Any other address under the API: a JSON 404, not the site's HTML page; an
    endpoint's address without its slash is redirected to it (301, query kept), as
    the pages are: this catch-all answers before Django's APPEND_SLASH could."""

    def get(self, request, *args, **kwargs):
        if not request.path_info.endswith("/") and is_endpoint(f"{request.path_info}/"):
            slashed = request.get_full_path(force_append_slash=True)
            return HttpResponsePermanentRedirect(escape_leading_slashes(slashed))
        raise NotFound


def is_endpoint(path):
    try:
        view = resolve(path).func
    except Resolver404:
        return False
    return getattr(view, "view_class", None) is not NoSuchEndpoint


@extend_schema(
    summary="Published ratings of a year (five stars unless `stars` says otherwise)",
    parameters=[
        OpenApiParameter("kind", str, enum=["school", "health"]),
        OpenApiParameter("region", str, description="GB/T 2260 code; includes sub-regions"),
        OpenApiParameter("group", str, description="组别, e.g. 高中组"),
        OpenApiParameter("stars", int, enum=[1, 2, 3, 4, 5], description="default 5"),
    ],
)
class AwardsView(ReadOnly, generics.ListAPIView):
    serializer_class = AwardSerializer

    def get_queryset(self):
        filterset = awards_filterset(self.request, self.kwargs["year"])
        if not filterset.is_valid():  # 400, as the institutions' filters answer
            raise translate_validation(filterset.errors)
        return filterset.qs.values_list("pk", flat=True)

    def list(self, request, *args, **kwargs):
        ids = self.paginate_queryset(self.get_queryset())
        page = awardees(list(ids), self.kwargs["year"])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(
    summary="The directory: institutions with their latest published stars",
    description="Ordered by name in pinyin order.",
    parameters=[
        OpenApiParameter("region", str, description="GB/T 2260 code; includes sub-regions"),
    ],
)
class InstitutionListView(ReadOnly, generics.ListAPIView):
    serializer_class = InstitutionListSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = InstitutionFilter

    def get_queryset(self):
        return with_latest_rating(Institution.objects.select_related("region")).order_by(
            ReadingOrder("reading_key"),
            "pk",  # see institutions/tables.py
        )


@extend_schema(summary="One institution with its published ratings, plans, commitments, targets")
class InstitutionDetailView(ReadOnly, generics.RetrieveAPIView):
    serializer_class = InstitutionSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Institution.objects.select_related("region", "authority")

    def get_object(self):
        institution = super().get_object()
        institution.published_ratings = published_ratings_of(institution)
        institution.published_plans = published_plans_of(institution)
        return institution


@extend_schema(summary="A region: sub-regions, star counts, its bureaus' published plans")
class RegionView(ReadOnly, APIView):
    serializer_class = RegionSerializer

    @extend_schema(responses=RegionSerializer)
    def get(self, request, code):
        region = get_object_or_404(Region.objects.select_related("parent"), code=code)
        summary = region_summary(region)
        authorities = {}
        for plan in summary["plans"]:
            entry = authorities.setdefault(
                plan.authority_id,
                {"authority": plan.authority.name, "sector": plan.authority.sector, "plans": []},
            )
            entry["plans"].append(plan)
        data = {
            "code": region.code,
            "name": region.name,
            "level": region.level,
            "parent": region.parent,
            "children": summary["children"],
            "institution_count": summary["institutions"].count(),
            "latest_year": summary["latest_year"],
            "star_counts": [{"stars": s, "count": n} for s, n in summary["star_counts"]],
            "authorities": list(authorities.values()),
        }
        return Response(RegionSerializer(data).data)
