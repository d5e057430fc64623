"""A task for the request-id tests only: it logs a line and answers the id it runs under."""

import logging

from celery import shared_task

from core.logging import current_request_id


@shared_task(name="tests.request_id_probe")
def request_id_probe():
    logging.getLogger("cchc.probe").info("probe ran")
    return current_request_id()
