"""The read-only JSON of the public data. Keys are stable: add, never rename."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from institutions.models import Institution, Region, Source
from plans.models import Commitment, Plan, Target
from ratings.models import AwardEvent, Rating, Scheme


@extend_schema_field({"type": "string", "format": "decimal", "examples": ["2.67"]})
class FigureField(serializers.Field):
    """A figure as the source wrote it, as a string: "2.67", "16300"."""

    def to_representation(self, value):
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return str(value)


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["title", "publisher", "date", "written_date", "index_number", "url"]


class RegionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "level"]


class SchemeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Scheme
        fields = ["id", "name", "operator", "kind", "max_stars"]


class AwardEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AwardEvent
        fields = ["name", "date"]


class RatingSerializer(serializers.ModelSerializer):
    scheme = SchemeRefSerializer()
    award_event = AwardEventSerializer(allow_null=True)

    class Meta:
        model = Rating
        fields = ["year", "stars", "group", "scheme", "award_event"]


class CommitmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commitment
        fields = ["position", "title", "text", "theme", "status", "progress"]


class TargetSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit")
    commitment = serializers.IntegerField(
        source="commitment.position",
        allow_null=True,
        default=None,
        help_text="Position of the commitment this target belongs to, if any.",
    )
    comparator = serializers.ChoiceField(
        choices=["gte", "lte", "eq", "approx", ""],
        help_text="gte (≥), lte (≤), eq (=), approx (≈); empty for a result without a target.",
    )
    target = FigureField(source="target_value", allow_null=True)
    baseline = FigureField(allow_null=True)
    actual = FigureField(allow_null=True)
    status = serializers.ChoiceField(
        choices=["met", "missed", "pending", "reported"],
        help_text="Derived: met, missed, pending (no actual yet), reported (a result, no target).",
    )
    progress = serializers.IntegerField(
        allow_null=True,
        min_value=0,
        max_value=100,
        help_text="Derived percent of the way to the target; null when it cannot be told.",
    )

    class Meta:
        model = Target
        fields = [
            "position",
            "indicator",
            "unit",
            "commitment",
            "comparator",
            "target",
            "baseline",
            "baseline_label",
            "actual",
            "actual_date",
            "status",
            "progress",
            "quote",
        ]


class PlanSerializer(serializers.ModelSerializer):
    source = SourceSerializer(allow_null=True)
    commitments = CommitmentSerializer(many=True)
    targets = TargetSerializer(many=True)

    class Meta:
        model = Plan
        fields = ["year", "kind", "headline", "summary", "source", "commitments", "targets"]


class PlanBriefSerializer(serializers.ModelSerializer):
    """A plan as ratings.views.plans_by_institution gives it (a dict)."""

    commitments = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = ["year", "headline", "commitments"]

    def get_commitments(self, plan) -> list[str]:
        return [title for _, title in plan["commitments"]]


class InstitutionBaseSerializer(serializers.ModelSerializer):
    """The fields an institution has in every answer."""

    region = RegionRefSerializer()
    aliases = serializers.ListField(source="alias_list", child=serializers.CharField())

    class Meta:
        model = Institution
        fields = [
            "slug",
            "name",
            "short_name",
            "aliases",
            "kind",
            "category",
            "ownership",
            "region",
            "is_active",
        ]


class InstitutionListSerializer(InstitutionBaseSerializer):
    latest_stars = serializers.IntegerField(allow_null=True)
    latest_year = serializers.IntegerField(allow_null=True)

    class Meta(InstitutionBaseSerializer.Meta):
        fields = [*InstitutionBaseSerializer.Meta.fields, "latest_stars", "latest_year"]


class InstitutionSerializer(InstitutionBaseSerializer):
    authority = serializers.CharField(source="authority.name", allow_null=True, default=None)
    ratings = RatingSerializer(many=True, source="published_ratings")
    plans = PlanSerializer(many=True, source="published_plans")

    class Meta(InstitutionBaseSerializer.Meta):
        fields = [
            *InstitutionBaseSerializer.Meta.fields,
            "authority",
            "credit_code",
            "school_code",
            "updated_at",
            "ratings",
            "plans",
        ]


class AwardSerializer(serializers.ModelSerializer):
    institution = serializers.SerializerMethodField()
    region = RegionRefSerializer(source="institution.region")
    scheme = SchemeRefSerializer()
    plan = PlanBriefSerializer(allow_null=True)

    class Meta:
        model = Rating
        fields = ["institution", "region", "year", "stars", "group", "scheme", "plan"]

    def get_institution(self, rating) -> dict[str, str]:
        i = rating.institution
        return {
            "slug": i.slug,
            "name": i.name,
            "short_name": i.short_name,
            "kind": i.kind,
            "category": i.category,
        }


class StarCountSerializer(serializers.Serializer):
    stars = serializers.IntegerField()
    count = serializers.IntegerField()


class AuthorityPlansSerializer(serializers.Serializer):
    authority = serializers.CharField()
    sector = serializers.CharField()
    plans = PlanSerializer(many=True)


class RegionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()
    parent = RegionRefSerializer(allow_null=True)
    children = RegionRefSerializer(many=True)
    institution_count = serializers.IntegerField()
    latest_year = serializers.IntegerField(allow_null=True)
    star_counts = StarCountSerializer(many=True)
    authorities = AuthorityPlansSerializer(many=True)
