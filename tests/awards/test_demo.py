"""The demo tenants show awards on `make run`: Nhà Bè's award officer finds three nominations
on the plan of this school year waiting for the council (loading twice adds nothing) and can
open the session."""

import pytest
from django.core.management import call_command

from awards.models import AwardRecord, Nomination
from campaign.demo import live_cast
from units.models import User

pytestmark = pytest.mark.django_db


def test_the_nha_be_officer_finds_nominations_for_the_council(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    nominations = Nomination.objects.filter(unit__tenant__slug="nha-be")
    assert sorted(nominations.values_list("unit__code", "status")) == [
        ("MNHM", "submitted"),
        ("MNSC", "submitted"),
        ("MNSC", "submitted"),
    ]
    assert {n.campaign for n in nominations} == {live_cast("nha-be").campaign}
    assert AwardRecord.objects.filter(person__full_name="Lê Thị Mỹ Hạnh").count() == 1
    client.force_login(User.objects.get(username="nha-be-officer"))
    page = client.get("/awards/councils/new/")
    assert page.status_code == 200
    assert [c.pk for c in page.context["form"].fields["campaign"].queryset] == [
        nominations.first().campaign_id
    ]
