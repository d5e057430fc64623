from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Units and users")

    def ready(self):
        from celery.signals import task_postrun, task_prerun
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created

        from . import rls

        connection_created.connect(rls.on_connection_created, dispatch_uid="units.rls")

        def owe_second_factor(sender, request, user, **kwargs):
            from . import two_factor

            request.session[two_factor.SESSION_KEY] = two_factor.is_on(user)

        user_logged_in.connect(owe_second_factor, weak=False, dispatch_uid="units.two_factor")
        # Every Celery task starts as the system (a sweep spans tenants); one that works for a
        # tenant narrows itself. An eager task inside a request gives the request back its
        # tenant when it ends.
        scopes = {}

        def start(task_id=None, **kwargs):
            scopes[task_id] = rls.system_scope()
            scopes[task_id].__enter__()

        def end(task_id=None, **kwargs):
            scope = scopes.pop(task_id, None)
            if scope is not None:
                scope.__exit__(None, None, None)

        task_prerun.connect(start, weak=False, dispatch_uid="units.rls.task_prerun")
        task_postrun.connect(end, weak=False, dispatch_uid="units.rls.task_postrun")
