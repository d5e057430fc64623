"""The read-only API for the upper level's reporting system: a key reads its unit's subtree
and nothing else, answers as its OpenAPI schema documents, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import services
from tests.factories import (
    UnitFactory,
    accepted_initiative,
    campaign,
    member,
    periodic_report,
    reporting_campaign,
)
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

FIGURES = {"tthc-dung-han": (196, 200), "hai-long-tthc": (90, 100), "so-mo-hinh": (2, None)}


@pytest.fixture
def world(tree):
    """The department's reporting plan with reports of A1 and B1, and Phòng A's and Phòng
    B's own registration plans, each with one accepted initiative."""
    schedule = reporting_campaign(tree["department"]).report_schedules.get()
    found = {
        "schedule": schedule,
        "report_a1": periodic_report(tree["a1"], schedule, FIGURES),
        "report_b1": periodic_report(tree["b1"], schedule, FIGURES),
    }
    for office, school in (("office_a", "a1"), ("office_b", "b1")):
        plan = campaign(tree[office], launch_on=datetime.date(2024, 3, 20))
        found[f"plan_{office}"] = plan
        found[f"item_{school}"] = accepted_initiative(
            tree[school], plan.phases.get().deadlines.get()
        )
    _token, found["key_a"] = services.api_token_create(
        actor=SYSTEM, unit=tree["office_a"], name="Hệ thống báo cáo"
    )
    return found


def get(client, url, key=None, **params):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return client.get(url, params, **headers)


def endpoints(world):
    return [
        "/api/v1/campaigns/",
        f"/api/v1/campaigns/{world['plan_office_a'].pk}/",
        "/api/v1/initiatives/",
        f"/api/v1/initiatives/{world['item_a1'].pk}/",
        "/api/v1/reports/",
        f"/api/v1/reports/{world['report_a1'].pk}/",
        f"/api/v1/rollup/?schedule={world['schedule'].pk}&year=2024&period=q1",
    ]


def test_without_a_valid_key_every_endpoint_answers_401(client, world):
    token, revoked = services.api_token_create(
        actor=SYSTEM, unit=world["report_a1"].unit, name="Cũ"
    )
    services.api_token_revoke(actor=SYSTEM, token=token)
    for url in endpoints(world):
        for key in (None, "cchc_khong-dung", revoked):
            answer = get(client, url, key)
            assert answer.status_code == 401, (url, key)
            assert answer["WWW-Authenticate"].startswith("Bearer")
        assert get(client, url, world["key_a"]).status_code == 200, url


def test_a_district_key_reads_its_subtree_and_nothing_of_another_district(client, tree, world):
    key = world["key_a"]

    reports = get(client, "/api/v1/reports/", key).json()
    assert [r["unit"]["code"] for r in reports["results"]] == ["A1"]
    assert reports["results"][0]["figures"][0] == {
        "indicator": "tthc-dung-han",
        "name": "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn",
        "numerator": 196,
        "denominator": 200,
        "value": "98.00",
        "target": "98.00",
        "comparator": "gte",
        "meets": True,
    }
    items = get(client, "/api/v1/initiatives/", key).json()["results"]
    assert [i["id"] for i in items] == [world["item_a1"].pk]
    campaigns = {c["id"] for c in get(client, "/api/v1/campaigns/", key).json()["results"]}
    assert campaigns == {world["plan_office_a"].pk, world["schedule"].campaign_id}

    for url in (
        f"/api/v1/reports/{world['report_b1'].pk}/",
        f"/api/v1/initiatives/{world['item_b1'].pk}/",
        f"/api/v1/campaigns/{world['plan_office_b'].pk}/",
    ):
        assert get(client, url, key).status_code == 404, url


def test_a_key_of_another_tenant_sees_nothing(client, world):
    other = UnitFactory(department=True)
    _token, key = services.api_token_create(actor=SYSTEM, unit=other, name="Tỉnh khác")

    for url in endpoints(world):
        answer = get(client, url, key)
        if "/rollup/" in url or url.rstrip("/").split("/")[-1].isdigit():
            assert answer.status_code == 404, url
        else:
            assert answer.json()["count"] == 0, url


def test_the_rollup_gives_the_key_units_consolidated_figures(client, world):
    answer = get(
        client,
        "/api/v1/rollup/",
        world["key_a"],
        schedule=world["schedule"].pk,
        year=2024,
        period="q1",
    ).json()

    assert (answer["total"]["expected"], answer["total"]["reported"]) == (2, 1)
    first = answer["total"]["attainments"][0]
    assert (first["numerator"], first["denominator"], first["value"]) == (196, 200, "98.00")
    assert [row["unit"]["code"] for row in answer["rows"]] == ["A1", "A2"]


def test_bad_filters_get_400_with_the_reason(client, world):
    answer = get(client, "/api/v1/reports/", world["key_a"], year="hai nghìn", period="q5")
    assert answer.status_code == 400
    assert set(answer.json()) == {"year", "period"}


def test_list_endpoints_cost_the_same_queries_for_few_and_many_rows(client, tree, world):
    def counts():
        found = []
        for url in ("/api/v1/campaigns/", "/api/v1/initiatives/", "/api/v1/reports/"):
            with CaptureQueriesContext(connection) as queries:
                assert get(client, url, world["key_a"]).status_code == 200
            found.append(len(queries))
        return found

    counts()  # the first call notes when the key was last used
    few = counts()
    for period in ("h1", "q3", "year"):
        periodic_report(tree["a1"], world["schedule"], FIGURES, period=period)
        periodic_report(tree["a2"], world["schedule"], FIGURES, period=period)
    for _ in range(3):
        plan = campaign(tree["office_a"], launch_on=datetime.date(2024, 3, 20))
        accepted_initiative(tree["a2"], plan.phases.get().deadlines.get())
    assert counts() == few


def test_the_tenant_administrator_issues_and_revokes_keys(client, tree):
    admin = member(tree["department"], Role.TENANT_ADMIN)
    client.force_login(admin)

    page = client.post("/reports/api-keys/", {"unit": tree["office_a"].pk, "name": "Hệ thống Sở"})
    key = page.context["new_key"]
    assert key.startswith("cchc_") and key in page.content.decode()
    assert get(client, "/api/v1/reports/", key).status_code == 200
    token = tree["office_a"].api_tokens.get()
    client.post(f"/reports/api-keys/{token.pk}/revoke/")
    assert get(client, "/api/v1/reports/", key).status_code == 401

    client.force_login(member(tree["office_a"], Role.REVIEWER))
    assert client.get("/reports/api-keys/").status_code == 403


def test_an_empty_filter_is_refused_not_ignored(client, world):
    for params in ({"period": ""}, {"year": ""}, {"campaign": ""}, {"page": ""}, {"page_size": ""}):
        answer = get(client, "/api/v1/reports/", world["key_a"], **params)
        assert answer.status_code == 400, params


def test_each_call_is_logged_with_the_key_not_a_user(client, world, caplog):
    """The request log (core.logging) names the key's id for an API caller, and nothing for
    a refused key, instead of failing on a caller that is not a user."""
    import logging

    caplog.set_level(logging.INFO, logger="cchc.request")
    assert get(client, "/api/v1/campaigns/", world["key_a"]).status_code == 200
    assert get(client, "/api/v1/campaigns/", "cchc_khong-dung").status_code == 401

    accepted, refused = (r.fields for r in caplog.records if r.name == "cchc.request")
    from reports.models import ApiToken

    assert accepted["status"] == 200
    assert accepted["api_token_id"] == ApiToken.objects.get(name="Hệ thống báo cáo").pk
    assert accepted["user_id"] is None
    assert refused["status"] == 401 and "api_token_id" not in refused
