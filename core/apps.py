from django.apps import AppConfig


class CoreConfig(AppConfig):
    # No concrete model, so no admin section and no migrations: nothing to name for users.
    name = "core"
