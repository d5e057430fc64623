"""The initiative list reads the current plans by default: a year's list does not read the
items of years past, which stay one filter away; search still ignores accents there."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.models import Initiative
from initiatives.selectors import search_words
from tests.factories import campaign, initiative, local_time, member
from units import rls
from units.models import Role

pytestmark = pytest.mark.django_db

D = datetime.date


def plan_of(unit, year: int):
    plan = campaign(
        unit,
        title=f"Phát động phong trào thi đua “Cải cách hành chính” năm {year}",
        start=D(year, 1, 1),
        end=D(year, 12, 31),
        phases=(("Đợt 1", (year, 4, 1), (year, 8, 25), [("registration", (year, 8, 25))]),),
        launch_on=D(year, 3, 20),
    )
    return plan.phases.get().deadlines.get()


@pytest.fixture
def two_years(tree):
    """Phòng A's plans of 2024 (ended) and 2025, an item of school A1 in each."""
    past = initiative(tree["a1"], plan_of(tree["office_a"], 2024), name="Sổ liên lạc điện tử")
    current = initiative(
        tree["a1"], plan_of(tree["office_a"], 2025), name="Số hóa hồ sơ tuyển sinh"
    )
    return {"past": past, "current": current}


def listed(client, **params) -> str:
    return client.get(reverse("initiatives:list"), params).content.decode()


def test_the_list_shows_the_current_plans_unless_asked_for_past_years(client, tree, two_years):
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    with time_machine.travel(local_time(2025, 6, 1)):
        default = listed(client)
        every_year = listed(client, year="all")
        of_2024 = listed(client, year="2024")
        unknown = listed(client, year="1999")
        tampered = listed(client, year="x' OR 1=1")

    assert "Số hóa hồ sơ tuyển sinh" in default and "Sổ liên lạc điện tử" not in default
    assert "Số hóa hồ sơ tuyển sinh" in every_year and "Sổ liên lạc điện tử" in every_year
    assert "Sổ liên lạc điện tử" in of_2024 and "Số hóa hồ sơ tuyển sinh" not in of_2024
    for page in (unknown, tampered):
        assert "Số hóa hồ sơ tuyển sinh" in page and "Sổ liên lạc điện tử" not in page
    # The filter offers each year with plans, the chosen one selected.
    assert '<option value="2025" >' in default and '<option value="2024" >' in default
    assert '<option value="2024" selected>' in of_2024
    assert '<option value="all" selected>' in every_year


def test_search_reaches_past_years_with_or_without_accents(client, tree, two_years):
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    with time_machine.travel(local_time(2025, 6, 1)):
        default = listed(client, q="so lien lac")
        with_accents = listed(client, q="Sổ LIÊN lạc", year="2024")
        without = listed(client, q="so lien lac", year="all", status="draft")
        current = listed(client, q="SỐ HOÁ ho so")

    assert "Sổ liên lạc điện tử" not in default
    # Nothing this year: a link searches every year with the same words.
    assert "q=so%20lien%20lac&year=all" in default
    assert "Sổ liên lạc điện tử" in with_accents
    assert "Sổ liên lạc điện tử" in without and "Số hóa hồ sơ" not in without
    assert "Số hóa hồ sơ tuyển sinh" in current


def test_between_two_years_the_latest_plans_are_current(client, tree, two_years):
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    with time_machine.travel(local_time(2026, 2, 1)):
        page = listed(client)

    assert "Số hóa hồ sơ tuyển sinh" in page and "Sổ liên lạc điện tử" not in page


def test_search_words_drop_words_another_word_contains():
    assert search_words("so hoa ho so") == ["hoa", "so"]
    assert search_words("  Sổ   SỐ hóa ") == ["hoa", "so"]
    assert search_words("") == []


@pytest.mark.postgres
def test_the_search_reads_the_current_plans_through_an_index(client, tree, two_years):
    """Under row-level security, as the application runs it: the plan filter is an index
    condition (the LIKE of the words cannot be one: pg_trgm's and LIKE's operators are not
    leakproof, so PostgreSQL keeps them behind the tenant policy)."""
    # Many items of the past year, so the plan filter is the selective one (as on a real
    # database with years behind it), and statistics that say so.
    past = two_years["past"]
    Initiative.objects.bulk_create(
        Initiative(
            tenant_id=past.tenant_id,
            campaign_id=past.campaign_id,
            deadline_id=past.deadline_id,
            review_deadline_id=past.review_deadline_id,
            unit_id=past.unit_id,
            name=f"Số hóa {n}",
            search_text=f"so hoa {n}",
        )
        for n in range(300)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE initiatives_initiative")
    user = member(tree["office_a"], Role.REVIEWER)
    client.force_login(user)
    with (
        time_machine.travel(local_time(2025, 6, 1)),
        CaptureQueriesContext(connection) as captured,
    ):
        listed(client, q="so hoa")
    sql = next(
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith('SELECT "initiatives_initiative"."id" AS "pk"')
    )
    assert "LIKE '%so%'" in sql and "LIKE '%hoa%'" in sql
    assert f'"campaign_id" IN ({two_years["current"].campaign_id})' in sql

    with rls.scope(tenant_id=user.tenant_id), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Seq Scan on initiatives_initiative" not in plan, plan
    # Only the current plan's items are read: its id leads an index scan.
    current = two_years["current"].campaign_id
    assert re.search(rf"Index Cond: \(campaign_id = (ANY \('\{{)?{current}\b", plan), plan
