"""The read-only API for the upper level's reporting system: campaigns and their deadlines,
accepted initiatives, periodic report figures and their roll-up, for the subtree of the unit
that holds the key. `Authorization: Bearer <key>`; no key or a wrong one is 401, an object
outside the subtree is 404. Every list costs a fixed number of queries. The OpenAPI schema
is served at /api/v1/schema/."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from campaign.models import (
    Campaign,
    Deadline,
    KpiTarget,
    Participation,
    Phase,
    ReportPeriod,
    ReportSchedule,
)
from initiatives.models import Initiative
from units.models import Unit

from . import selectors
from .authentication import HoldsUnitKey, UnitKeyAuthentication
from .models import PeriodicReport, ReportFigure, figure_value


class Pages(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_number(self, request, paginator):
        if request.query_params.get(self.page_query_param) == "":
            raise exceptions.ValidationError({self.page_query_param: [_("A page number.")]})
        return super().get_page_number(request, paginator)

    def get_page_size(self, request):
        # Refused, not quietly capped: a caller asking for 1,000 rows should know.
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("A whole number from 1 to 500.")]}
            )
        return int(raw)


def _subtree(request, prefix: str = "") -> Q:
    """The key's unit and everything below it."""
    return request.auth.unit.subtree_filter(prefix)


class UnitKeyScheme(OpenApiAuthenticationExtension):
    target_class = UnitKeyAuthentication
    name = "unitKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A key the tenant administrator issued for one unit's subtree.",
        }


# --- Serializers ---


class UnitRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class DeadlineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    phase = serializers.CharField(source="phase.name")
    due_date = serializers.DateField()
    receiving_unit = serializers.CharField(source="receiving_unit.code", allow_null=True)


class ScheduleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    periods = serializers.ListField(child=serializers.ChoiceField(ReportPeriod.choices))
    due_day = serializers.IntegerField()
    due_month = serializers.CharField()
    receiving_unit = serializers.CharField(source="receiving_unit.code", allow_null=True)


class TargetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    indicator = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    measure = serializers.CharField(source="indicator.measure")
    comparator = serializers.CharField()
    value = serializers.DecimalField(max_digits=9, decimal_places=2)
    applies_to = serializers.CharField(source="participant_type")


class CampaignSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(source="number.display", allow_null=True)
    title = serializers.CharField()
    issuing_unit = UnitRefSerializer()
    issued_on = serializers.DateField(allow_null=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    deadlines = serializers.SerializerMethodField()
    report_schedules = ScheduleSerializer(many=True)
    targets = TargetSerializer(many=True)

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, campaign):
        return DeadlineSerializer(
            [d for phase in campaign.phases.all() for d in phase.deadlines.all()], many=True
        ).data


class InitiativeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    campaign = serializers.IntegerField(source="campaign_id")
    unit = UnitRefSerializer()
    name = serializers.CharField()
    kind = serializers.CharField()
    area = serializers.CharField()
    person_in_charge = serializers.CharField(source="person_in_charge.full_name", allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    late = serializers.BooleanField(source="is_late")


class FigureSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="target.indicator.code")
    name = serializers.CharField(source="target.indicator.name")
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)
    value = serializers.SerializerMethodField()
    target = serializers.DecimalField(source="target.value", max_digits=9, decimal_places=2)
    comparator = serializers.CharField(source="target.comparator")
    meets = serializers.BooleanField(allow_null=True)

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True))
    def get_value(self, figure):
        value = figure_value(figure.target.indicator.measure, figure.numerator, figure.denominator)
        return None if value is None else str(value)


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    campaign = serializers.IntegerField(source="schedule.campaign_id")
    schedule = serializers.IntegerField(source="schedule_id")
    unit = UnitRefSerializer()
    year = serializers.IntegerField()
    period = serializers.ChoiceField(ReportPeriod.choices)
    submitted_at = serializers.DateTimeField()
    late = serializers.BooleanField(source="is_late")
    figures = FigureSerializer(many=True)


class AttainmentSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="target.indicator.code")
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    meets = serializers.BooleanField(allow_null=True)
    units_applicable = serializers.IntegerField(source="applicable")
    units_meeting = serializers.IntegerField(source="meeting")


class RollupRowSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    expected = serializers.IntegerField()
    reported = serializers.IntegerField()
    attainments = AttainmentSerializer(many=True)


class RollupSerializer(serializers.Serializer):
    schedule = serializers.IntegerField(source="schedule.pk")
    year = serializers.IntegerField()
    period = serializers.CharField()
    total = RollupRowSerializer()
    rows = RollupRowSerializer(many=True)


# --- Filters ---

ID_MAX = 2**63 - 1  # the database's ids are 64-bit
ID = {"type": "integer", "minimum": 1, "maximum": ID_MAX}
YEAR = {"type": "integer", "minimum": 2000, "maximum": 2100}
PAGE = OpenApiParameter("page", {**ID, "maximum": 2**31 - 1}, description="Page number.")
PAGE_SIZE = OpenApiParameter("page_size", {**ID, "maximum": 500}, description="At most 500.")
CAMPAIGN = OpenApiParameter("campaign", ID, description="Only this campaign.")


class CampaignFilter(serializers.Serializer):
    campaign = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)


class ReportFilter(CampaignFilter):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    period = serializers.ChoiceField(ReportPeriod.choices, required=False)


class RollupFilter(serializers.Serializer):
    schedule = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    period = serializers.ChoiceField(ReportPeriod.choices)


def _filters(request, serializer_class) -> dict:
    found = serializer_class(data=request.query_params)
    # "?period=" would otherwise read as no filter at all and return everything.
    blank = [name for name in found.fields if request.query_params.get(name) == ""]
    if blank:
        raise exceptions.ValidationError(
            {name: [_("Give a value, or leave the parameter out.")] for name in blank}
        )
    found.is_valid(raise_exception=True)
    return found.validated_data


ERRORS = {
    400: OpenApiResponse(description="A filter is not valid."),
    401: OpenApiResponse(description="No key, or an unknown or revoked one."),
    404: OpenApiResponse(description="Not in the key's subtree, or no such page."),
}


def documented(summary: str, parameters: list, serializer) -> callable:
    """The list and the detail of a read-only viewset, with every answer they can give."""
    return extend_schema_view(
        list=extend_schema(
            summary=summary, parameters=parameters, responses={200: serializer(many=True), **ERRORS}
        ),
        retrieve=extend_schema(
            summary=summary,
            parameters=[OpenApiParameter("id", ID, OpenApiParameter.PATH)],
            responses={200: serializer, 401: ERRORS[401], 404: ERRORS[404]},
        ),
    )


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    authentication_classes = [UnitKeyAuthentication]
    permission_classes = [HoldsUnitKey]
    pagination_class = Pages


# --- Views ---


@documented(
    "Campaigns reaching the key's subtree, with deadlines, report schedules and targets.",
    [CAMPAIGN, PAGE, PAGE_SIZE],
    CampaignSerializer,
)
class CampaignViewSet(ScopedViewSet):
    serializer_class = CampaignSerializer

    def get_queryset(self):
        reaches = Participation.objects.filter(campaign=OuterRef("pk")).filter(
            _subtree(self.request, "unit__")
        )
        campaigns = Campaign.objects.filter(
            status=Campaign.Status.LAUNCHED, tenant_id=self.request.auth.tenant_id
        ).filter(_subtree(self.request, "issuing_unit__") | Q(Exists(reaches)))
        chosen = _filters(self.request, CampaignFilter).get("campaign")
        if chosen and self.action == "list":
            campaigns = campaigns.filter(pk=chosen)
        deadlines = Deadline.objects.select_related("receiving_unit").order_by("due_date", "id")
        return (
            campaigns.select_related("issuing_unit", "number")
            .prefetch_related(
                Prefetch(
                    "phases",
                    queryset=Phase.objects.prefetch_related(Prefetch("deadlines", deadlines)),
                ),
                Prefetch(
                    "report_schedules",
                    queryset=ReportSchedule.objects.select_related("receiving_unit"),
                ),
                Prefetch("targets", queryset=KpiTarget.objects.select_related("indicator")),
            )
            .order_by("-start_date", "id")
        )


@documented(
    "Initiatives of the key's subtree accepted at their level (and those passed above).",
    [CAMPAIGN, PAGE, PAGE_SIZE],
    InitiativeSerializer,
)
class InitiativeViewSet(ScopedViewSet):
    serializer_class = InitiativeSerializer

    def get_queryset(self):
        items = Initiative.objects.accepted_at_level().filter(_subtree(self.request, "unit__"))
        chosen = _filters(self.request, CampaignFilter).get("campaign")
        if chosen and self.action == "list":
            items = items.filter(campaign_id=chosen)
        return items.select_related("unit", "person_in_charge").order_by("unit__path", "id")


@documented(
    "Submitted periodic reports of the key's subtree, with their figures.",
    [
        CAMPAIGN,
        OpenApiParameter("year", YEAR),
        OpenApiParameter("period", OpenApiTypes.STR, enum=ReportPeriod.values),
        PAGE,
        PAGE_SIZE,
    ],
    ReportSerializer,
)
class ReportViewSet(ScopedViewSet):
    serializer_class = ReportSerializer

    def get_queryset(self):
        reports = PeriodicReport.objects.filter(
            _subtree(self.request, "unit__"), status=PeriodicReport.Status.SUBMITTED
        )
        if self.action == "list":
            chosen = _filters(self.request, ReportFilter)
            if chosen.get("campaign"):
                reports = reports.filter(schedule__campaign_id=chosen["campaign"])
            if chosen.get("year"):
                reports = reports.filter(year=chosen["year"])
            if chosen.get("period"):
                reports = reports.filter(period=chosen["period"])
        figures = ReportFigure.objects.select_related("target__indicator").order_by("target_id")
        return (
            reports.select_related("unit", "schedule")
            .prefetch_related(Prefetch("figures", queryset=figures))
            .order_by("-year", "unit__path", "id")
        )


class RollupView(APIView):
    authentication_classes = [UnitKeyAuthentication]
    permission_classes = [HoldsUnitKey]

    @extend_schema(
        summary="The key unit's consolidated figures for one report period.",
        parameters=[
            OpenApiParameter("schedule", ID, required=True),
            OpenApiParameter("year", YEAR, required=True),
            OpenApiParameter("period", OpenApiTypes.STR, required=True, enum=ReportPeriod.values),
        ],
        responses={200: RollupSerializer, **ERRORS},
    )
    def get(self, request):
        chosen = _filters(request, RollupFilter)
        node: Unit = request.auth.unit
        reaches = Participation.objects.filter(campaign=OuterRef("campaign_id")).filter(
            _subtree(request, "unit__")
        )
        schedule = (
            ReportSchedule.objects.filter(pk=chosen["schedule"], campaign__tenant_id=node.tenant_id)
            .filter(Exists(reaches))
            .select_related("campaign")
            .first()
        )
        if schedule is None:
            raise exceptions.NotFound()
        result = selectors.rollup(schedule, chosen["year"], chosen["period"], node)
        return Response(RollupSerializer(result).data)
