"""Redis stopped under the web process (issue 23, item 6): pages still answer, the work they
queue waits in its outbox row, and once Redis is back the periodic re-queue (what Celery beat
runs) and a real worker send each e-mail exactly once, counted by a real SMTP server.

Redis here is a private `redis-server` the test stops and starts (tests/redisserver.py): the
broker of the web side and the worker, and the web side's cache. It has no persistence, so
it comes back empty, as a restarted Redis without a disk does."""

import datetime
import json
import time
import uuid

import pytest
import redis
from aiosmtpd.controller import Controller
from django.db import transaction
from django.test import Client

from campaign.models import ReminderLog
from campaign.tasks import reminders_requeue_task
from documents.models import RenderJob
from documents.services import render_job_start
from initiatives import services as initiative_services
from notifications.models import Delivery
from notifications.tasks import deliveries_requeue_task
from tests.factories import UnitFactory, campaign, initiative, local_time, member
from tests.integration import render_probe
from tests.integration.test_notifications_worker import PlainMailbox
from tests.integration.test_reminders_worker import wait_until
from tests.integration.workers import Workers, app_on_broker
from tests.processes import free_port
from tests.redisserver import RedisServer
from units.models import Role
from units.permissions import SYSTEM

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,  # the worker process must reach the test's database
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def timed(call):
    started = time.monotonic()
    value = call()
    return value, time.monotonic() - started


@pytest.fixture
def district(db):
    """Phòng A's plan (registration by 25/8/2024) reaching schools A1 and A2; A1 has sent
    its Mẫu 1, A2 nothing. Each school's head has an e-mail, Phòng A a reviewer."""
    department = UnitFactory(department=True)
    office = UnitFactory(parent=department, district_office=True)
    a1 = UnitFactory(parent=office, name="Trường Mầm non Sơn Ca")
    a2 = UnitFactory(parent=office, name="Trường Mầm non Họa Mi")
    heads = {
        code: member(unit, Role.UNIT_HEAD, email=f"{code}@truong.vn")
        for code, unit in (("a1", a1), ("a2", a2))
    }
    reviewer = member(office, Role.REVIEWER, email="pgd@pgd.vn")
    plan = campaign(office, launch_on=datetime.date(2024, 3, 20))
    deadline = plan.phases.get().deadlines.get()
    item = initiative(a1, deadline, name="Mô hình một cửa liên thông")
    initiative_services.initiative_update(
        actor=SYSTEM,
        initiative=item,
        kind="model",
        area="procedures",
        situation="Thực trạng",
        objectives="Mục tiêu",
        expected_results="Kết quả dự kiến",
    )
    initiative_services.initiative_submit(actor=SYSTEM, initiative=item, now=local_time(2024, 8, 1))
    return {"a2": a2, "heads": heads, "reviewer": reviewer, "deadline": deadline, "item": item}


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def smtp():
    mailbox = PlainMailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.mailbox = mailbox
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def queue():
    return f"outage-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def web_on(redis_server, queue, settings):
    """This process as a web node whose broker and cache are the private Redis. The Celery
    app reads its settings once: it is pointed at the broker first, so that the settings
    changed here for /readyz are not what it keeps after the test."""
    with app_on_broker(queue, redis_server.url(0)):
        settings.CELERY_TASK_ALWAYS_EAGER = False
        settings.CELERY_BROKER_URL = redis_server.url(0)
        settings.CACHES = {
            "default": {
                "BACKEND": "core.cache.FallbackRedisCache",
                "LOCATION": redis_server.url(1),
                "OPTIONS": {"down_seconds": 0.5},
            }
        }
        yield redis_server


@pytest.fixture
def workers(web_on, queue, smtp, tmp_path):
    started = Workers(
        queue,
        tmp_path,
        include=["tests.integration.render_probe"],
        CELERY_BROKER_URL=web_on.url(0),
        CELERY_BROKER_TRANSPORT_OPTIONS=json.dumps(
            {"visibility_timeout": 3, "unacked_restore_interval": 1, "unacked_restore_throttle": 1}
        ),
        EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
        MEDIA_ROOT=str(tmp_path / "media"),
        # What the beat task re-queues: here at once, in production after 10 minutes.
        OUTBOX_STALE_MINUTES="0",
        SITE_URL="https://thidua.example.gov.vn",
    )
    yield started
    started.stop_all()


def drained(server: RedisServer, queue: str) -> bool:
    """Nothing waits on the broker and nothing is being worked on (kombu keeps a taken,
    unacknowledged message in its `unacked` hash until the task has run)."""
    broker = redis.Redis.from_url(server.url(0))
    return broker.llen(queue) == 0 and broker.hlen("unacked") == 0


def test_while_redis_is_down_pages_answer_and_the_mail_goes_out_once_when_it_is_back(
    district, workers, web_on, queue, smtp
):
    browser = Client(raise_request_exception=False)
    browser.force_login(district["reviewer"])
    before = {
        "delivery": Delivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
        "reminder": ReminderLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
    }
    web_on.stop()

    home, home_took = timed(lambda: browser.get("/"))
    returned, return_took = timed(
        lambda: browser.post(
            f"/initiatives/{district['item'].pk}/decide/",
            {"decision": "return", "comment": "Bổ sung số liệu năm 2023."},
        )
    )
    reminded, remind_took = timed(
        lambda: browser.post(
            f"/campaigns/deadlines/{district['deadline'].pk}/remind/",
            {"units": [district["a2"].pk]},
        )
    )
    ready, ready_took = timed(lambda: browser.get("/readyz"))

    print(  # the figures of the outage, shown with -s
        f"while down: page {home_took:.2f} s, form {return_took:.2f} s, "
        f"remind {remind_took:.2f} s, /readyz {ready_took:.2f} s"
    )
    assert (home.status_code, returned.status_code, reminded.status_code) == (200, 302, 302)
    assert max(home_took, return_took, remind_took) < 5, (home_took, return_took, remind_took)
    assert ready.status_code == 503 and ready_took < 8
    assert ready.json()["checks"] == {
        **ready.json()["checks"],
        "database": "ok",
        "cache": "fail",
        "broker": "fail",
    }
    # The work waits in its rows, untried.
    emails = Delivery.objects.filter(channel="email", pk__gt=before["delivery"])
    assert [(d.user_id, d.status, d.attempts) for d in emails] == [
        (district["heads"]["a1"].pk, "pending", 0)
    ]
    reminders = ReminderLog.objects.filter(channel="email", pk__gt=before["reminder"])
    assert [(r.unit_id, r.status) for r in reminders] == [(district["a2"].pk, "pending")]
    assert smtp.mailbox.snapshot() == []

    web_on.start()  # empty: whatever it held is gone
    workers.start()
    wait_until(lambda: browser.get("/readyz").status_code == 200, timeout=30, what="readiness")
    assert browser.get("/readyz").json()["checks"]["cache"] == "ok"
    # Celery beat's periodic re-queue, run twice (two beats, or beat and the morning sweep).
    for _ in range(2):
        reminders_requeue_task.delay()
        deliveries_requeue_task.delay()
    wait_until(
        lambda: (
            not Delivery.objects.filter(channel="email", status__in=("pending", "sending")).exists()
            and not ReminderLog.objects.filter(
                channel="email", status__in=("pending", "sending")
            ).exists()
            and drained(web_on, queue)
        ),
        timeout=60,
        what="the e-mails and every queued task",
    )

    received = sorted(",".join(m["to"]) for m in smtp.mailbox.snapshot())
    assert received == ["a1@truong.vn", "a2@truong.vn"]
    assert set(emails.values_list("status", flat=True)) == {"sent"}
    assert set(reminders.values_list("status", flat=True)) == {"sent"}


def test_a_render_queued_while_redis_is_down_is_sent_again_by_its_page(district, workers, web_on):
    user = district["reviewer"]
    browser = Client(raise_request_exception=False)
    browser.force_login(user)
    web_on.stop()

    with transaction.atomic():
        job = render_job_start(actor=user, builder=render_probe.QUICK, object_id=7)
    job.refresh_from_db()
    assert (job.status, job.task_id) == ("pending", "")  # the broker never took it
    assert browser.get(f"/documents/jobs/{job.pk}/").status_code == 200  # still down
    job.refresh_from_db()
    assert (job.status, job.task_id, job.restarts) == ("pending", "", 0)

    web_on.start()
    workers.start()
    assert browser.get(f"/documents/jobs/{job.pk}/").status_code == 200  # sends it again
    wait_until(
        lambda: RenderJob.objects.get(pk=job.pk).status == "done", timeout=60, what="the render"
    )

    job.refresh_from_db()
    assert job.task_id and job.restarts == 0
    assert job.file.read() == render_probe.PDF
