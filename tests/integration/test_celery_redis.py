"""The Celery app is wired to Django: eager without a broker, and a real worker process
running against a real Redis broker when one is configured."""

import os
import subprocess
import sys
import uuid

import pytest
from celery import Celery
from django.conf import settings

from config.celery import app
from tests.conftest import TEST_REDIS_URL
from tests.integration.celery_probe import probe


def test_without_a_broker_tasks_run_eagerly_in_the_caller():
    assert settings.CELERY_BROKER_URL == "memory://"
    assert app.conf.task_always_eager

    result = probe.delay("xin chào")

    assert result.get(timeout=1)["word"] == "xin chào"


@pytest.fixture
def redis_worker():
    queue = f"probe-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "CELERY_BROKER_URL": TEST_REDIS_URL,
        "CELERY_RESULT_BACKEND": TEST_REDIS_URL,
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "-I",
            "tests.integration.celery_probe",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "WARNING",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    # A separate client: the project's app in this process is eager (no broker in settings).
    # Not the current app: shared tasks used later (tests/core/test_queueing.py) would
    # otherwise follow this client to the real broker.
    client = Celery(
        "probe-client", broker=TEST_REDIS_URL, backend=TEST_REDIS_URL, set_as_current=False
    )
    try:
        yield client, queue
    finally:
        client.close()
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
        if worker.returncode not in (0, -15):
            print(output.decode(errors="replace"))


@pytest.mark.redis
def test_a_real_worker_runs_a_task_through_redis(redis_worker):
    client, queue = redis_worker
    result = client.send_task("tests.probe", args=["Lào Cai"], queue=queue)

    answer = result.get(timeout=60)

    assert answer["word"] == "Lào Cai"
    assert answer["time_zone"] == "Asia/Ho_Chi_Minh"
    assert answer["language"] == "vi"
