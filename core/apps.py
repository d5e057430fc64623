from django.apps import AppConfig


class CoreConfig(AppConfig):
    # No concrete model, so no admin section and no migrations: nothing to name for users.
    name = "core"

    def ready(self):
        from celery import signals

        from . import logging as logs

        # The request id travels with the tasks a request queues (core/logging.py).
        uid = "core.request_id"
        signals.before_task_publish.connect(
            logs.put_request_id_in_task_headers, weak=False, dispatch_uid=uid
        )
        signals.task_prerun.connect(logs.set_request_id_for_task, weak=False, dispatch_uid=uid)
        signals.task_postrun.connect(logs.clear_request_id_after_task, weak=False, dispatch_uid=uid)
