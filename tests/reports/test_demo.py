"""The demo tenants show periodic reports on `make run`: Hoa Phượng's four reports of 2023
reach the Phòng's dashboard, and loading twice adds nothing."""

import pytest
from django.core.management import call_command

from reports.models import PeriodicReport
from units.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_school_has_sent_four_reports_that_the_phong_sees(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    reports = PeriodicReport.objects.filter(unit__code="MNHP")
    assert sorted(reports.values_list("period", "status")) == [
        ("h1", "submitted"),
        ("q1", "submitted"),
        ("q3", "submitted"),
        ("year", "submitted"),
    ]
    assert not reports.filter(is_late=True).exists()
    client.force_login(User.objects.get(username="quan-8-reviewer"))
    page = client.get("/reports/dashboard/")
    assert page.status_code == 200
    assert page.context["result"].total.reported == 1
