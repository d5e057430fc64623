"""Celery tasks of the initiatives app: thin wrappers around its services."""

import datetime

from celery import shared_task

from .services.review_work import review_work_remind


@shared_task(name="initiatives.review_work_remind")
def review_work_remind_task(day: str | None = None) -> dict:
    """The reviewers' morning reminder of their waiting work (Celery beat, before the digest
    run); `day` (YYYY-MM-DD) for a run by hand. Run twice, it tells no one twice."""
    result = review_work_remind(day=datetime.date.fromisoformat(day) if day else None)
    return {
        "day": result.day.isoformat(),
        "reviewers": result.reviewers,
        "unscored": result.unscored,
        "waiting": result.waiting,
        "approaching": result.approaching,
        "skipped": result.skipped,
    }
