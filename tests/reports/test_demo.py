"""The demo tenants show periodic reports on `make run`: Hoa Phượng's four reports of 2023
reach the Phòng's dashboard; on the live plan of the school year the other schools have sent
the report at hand with figures while the head's school has a draft; loading twice adds
nothing."""

import pytest
from django.core.management import call_command

from campaign.demo import live_cast
from reports.models import PeriodicReport
from units.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_school_has_sent_four_reports_that_the_phong_sees(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    reports = PeriodicReport.objects.filter(unit__code="MNHP", year=2023)
    assert sorted(reports.values_list("period", "status")) == [
        ("h1", "submitted"),
        ("q1", "submitted"),
        ("q3", "submitted"),
        ("year", "submitted"),
    ]
    assert not reports.filter(is_late=True).exists()
    cast = live_cast("quan-8")
    live = PeriodicReport.objects.filter(schedule__campaign=cast.campaign)
    assert sorted(live.values_list("unit__code", "status")) == [
        ("MNHP", "draft"),
        ("MNRB", "submitted"),
    ]
    assert live.get(unit__code="MNRB").figures.exclude(numerator=None).count() == 5
    client.force_login(User.objects.get(username="quan-8-reviewer"))
    page = client.get("/reports/dashboard/")
    assert page.status_code == 200
    assert page.context["result"].total.reported == 1
