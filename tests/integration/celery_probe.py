"""A task for the Celery wiring test only: it reports what the worker process sees."""

from celery import shared_task


@shared_task(name="tests.probe")
def probe(word):
    from django.conf import settings
    from django.db import connection

    return {
        "word": word,
        "time_zone": settings.TIME_ZONE,
        "language": settings.LANGUAGE_CODE,
        "database": connection.vendor,
    }
