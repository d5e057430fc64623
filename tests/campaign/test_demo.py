"""The demo is alive on the day it is loaded: loaded on two dates a school year apart, every
demo tenant has a plan of that school year with deadlines ahead and behind, initiatives in
every state, a board with late units, a consolidation list, periodic reports with figures,
the day's reminders, a council with nominations waiting and award types; each login's home
has something to do; nothing but the seed plans is dated in a past year; loading again adds
nothing."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from awards.models import AwardType, Nomination
from campaign.demo import LIVE_PLANS, live_cast, live_title
from campaign.models import (
    Campaign,
    Deadline,
    DeadlineExtension,
    DeadlineKind,
    ReminderLog,
)
from campaign.obligations import owed
from campaign.seed_plans import SEED_PLANS
from initiatives.models import Consolidation, Initiative, InitiativeEvent, Score
from notifications.models import Notification
from reports.models import PeriodicReport
from units.models import Tenant, User

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
DAY = datetime.timedelta(days=1)
DATES = [datetime.date(2026, 12, 5), datetime.date(2027, 9, 15)]
SEED_TITLES = {seed.title for seed in SEED_PLANS}
# Tenants with a school that has sent nothing (three schools or more besides the head's).
WITH_SILENT = {"lao-cai", "nha-be", "go-vap"}
COUNTED = (Campaign, Deadline, Initiative, Consolidation, Score, Nomination, PeriodicReport)


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (*COUNTED, Notification, ReminderLog, AwardType)
    }


@pytest.fixture(scope="module", params=DATES, ids=str)
def demo(request, django_db_setup, django_db_blocker):
    """The demo loaded twice on one day (9:00 in Hồ Chí Minh City), rolled back after."""
    from django.db import transaction

    today = request.param
    with (
        time_machine.travel(datetime.datetime.combine(today, datetime.time(9), tzinfo=HCM)),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        first = _counts()
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield today, first, _counts()
        transaction.set_rollback(True)


@pytest.fixture
def client_as(client, db):
    def login(username):
        client.force_login(User.objects.get(username=username))
        return client

    return login


def test_loading_again_the_same_day_adds_nothing(demo):
    _today, first, second = demo

    assert first == second
    assert first["Initiative"] > 0 and first["Notification"] > 0


@pytest.mark.parametrize("slug", LIVE_PLANS)
def test_each_tenant_has_a_plan_of_this_school_year_dated_from_today(demo, db, slug):
    today = demo[0]
    cast = live_cast(slug, today)

    plan = cast.campaign
    assert plan.is_launched and plan.title == live_title(today)
    assert plan.issued_on == today - 30 * DAY
    assert plan.start_date <= plan.issued_on < today < plan.end_date
    first = cast.deadline(DeadlineKind.REGISTRATION, 1)
    second = cast.deadline(DeadlineKind.REGISTRATION, 2)
    result = cast.deadline(DeadlineKind.RESULT_REPORT)
    assert first.due_date == today - DAY
    assert second.due_date == today + 7 * DAY
    assert result.due_date > today + 30 * DAY and result.phase.start_date > today
    extensions = DeadlineExtension.objects.filter(deadline=first)
    if cast.extended is not None:
        assert [(e.unit, e.due_date) for e in extensions] == [(cast.extended, today + 14 * DAY)]
    assert plan.criteria.count() == 5


def test_nothing_but_the_seed_plans_is_dated_in_a_past_year(demo, db):
    today = demo[0]
    live = Campaign.objects.exclude(title__in=SEED_TITLES)

    assert live.count() == len(LIVE_PLANS)
    years = set()
    for plan in live:
        years |= {plan.start_date.year, plan.issued_on.year}
        years |= {d.due_date.year for d in Deadline.objects.filter(phase__campaign=plan)}
    years |= {i.submitted_at.year for i in Initiative.objects.exclude(submitted_at=None)}
    years |= set(
        PeriodicReport.objects.exclude(schedule__campaign__title__in=SEED_TITLES).values_list(
            "year", flat=True
        )
    )
    years |= set(Nomination.objects.values_list("year", flat=True))
    assert min(years) == today.year


@pytest.mark.parametrize("slug", LIVE_PLANS)
def test_the_head_finds_a_deadline_ahead_and_items_in_every_state(demo, client_as, slug):
    today = demo[0]
    cast = live_cast(slug, today)
    items = Initiative.objects.filter(campaign=cast.campaign, unit=cast.head_school)

    assert set(items.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "returned",
        "accepted",
        "rejected",
    }
    returned = items.get(status="returned")
    assert InitiativeEvent.objects.get(initiative=returned, action="return").comment
    assert Score.objects.filter(initiative__in=items.filter(status="accepted")).count() == 5
    # Đợt 2 is still owed, in 7 days; the day's sweep told the head in the application.
    second = cast.deadline(DeadlineKind.REGISTRATION, 2)
    assert cast.head_school.pk in owed([second])[second.pk].owing
    assert Notification.objects.filter(user=cast.head, reminder__deadline=second).exists()
    page = client_as(f"{slug}-head").get(reverse("home"))
    assert page.status_code == 200
    text = page.content.decode()
    assert returned.name in text and cast.campaign.title in text
    # The head's periodic report: figures saved, still to send.
    report = PeriodicReport.objects.get(schedule__campaign=cast.campaign, unit=cast.head_school)
    assert report.status == "draft" and report.figures.exclude(numerator=None).exists()


@pytest.mark.parametrize("slug", LIVE_PLANS)
def test_the_reviewer_finds_late_units_items_to_decide_and_a_list(demo, client_as, slug):
    today = demo[0]
    cast = live_cast(slug, today)
    first = cast.deadline(DeadlineKind.REGISTRATION, 1)

    late_items = Initiative.objects.filter(deadline=first, is_late=True)
    assert set(late_items.values_list("unit", flat=True)) == {cast.late_sender.pk}
    assert Initiative.objects.filter(review_deadline=first, status="submitted").count() == 2
    consolidation = Consolidation.objects.get(deadline=first)
    assert consolidation.items.count() == 2
    page = client_as(f"{slug}-reviewer").get(reverse("initiatives:board", args=[first.pk]))
    assert page.status_code == 200
    states = {row.unit.code: row.state for row in page.context["rows"]}
    assert states[cast.late_sender.code] == "late"
    if slug in WITH_SILENT:
        assert states[cast.silent.code] == "nothing"
        # The day after the deadline, the sweep sent the reviewers their digest of late units.
        assert Notification.objects.filter(
            user=cast.reviewer, reminder__kind=ReminderLog.Kind.DIGEST
        ).exists()
    home = client_as(f"{slug}-reviewer").get(reverse("home"))
    assert reverse("initiatives:board", args=[first.pk]) in home.content.decode()
    dashboard = client_as(f"{slug}-reviewer").get(reverse("reports:dashboard"))
    assert dashboard.status_code == 200
    sent = PeriodicReport.objects.filter(schedule__campaign=cast.campaign, status="submitted")
    assert sent.exists() and not sent.filter(unit=cast.head_school).exists()


@pytest.mark.parametrize("slug", LIVE_PLANS)
def test_the_officer_finds_a_council_to_hold(demo, client_as, slug):
    today = demo[0]
    cast = live_cast(slug, today)

    waiting = Nomination.objects.filter(campaign=cast.campaign, status="submitted")
    assert waiting.count() == 3
    assert set(waiting.values_list("year", flat=True)) == {today.year}
    page = client_as(f"{slug}-officer").get(reverse("awards:council_create"))
    assert page.status_code == 200
    assert cast.campaign in page.context["form"].fields["campaign"].queryset
    home = client_as(f"{slug}-officer").get(reverse("home"))
    assert reverse("awards:council_create") in home.content.decode()


def test_every_tenant_has_award_types_its_principals_can_nominate_for(demo, client_as):
    for tenant in Tenant.objects.filter(slug__in=LIVE_PLANS):
        assert AwardType.objects.filter(tenant=tenant, subject="collective").exists()
        assert AwardType.objects.filter(tenant=tenant, subject="individual").exists()
    page = client_as("quan-1-head").get(reverse("awards:create"))
    assert page.status_code == 200
    assert page.context["form"].fields["award_type"].queryset.exists()
