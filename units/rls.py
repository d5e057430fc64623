"""PostgreSQL row-level security: the database itself keeps each tenant's rows from the others,
under the application's own filters.

Every table with a `tenant` column has a policy that shows and accepts a row only when
- `app.tenant_id` (a setting of the connection) is the row's tenant, or
- `app.all_tenants` is "on": the system at work (migrations, management commands, Celery
  tasks that span tenants, the platform superuser).
A table without the column (a deadline, a figure of a report, a council's vote) follows the
row it belongs to: its policy asks whether that parent row is visible, which applies the
parent's policy. With neither setting, nothing is visible: a raw query on a connection that
did not say who it works for returns no rows. The tables are FORCEd, so the owner the
migrations ran as is bound too; the application's role must be neither superuser nor
BYPASSRLS (a superuser bypasses every policy).

Who sets what:
- a new connection starts as the system (`connection_created`);
- each request sets the user's tenant for its duration (`units.middleware.TenantMiddleware`)
  and restores the connection's previous state at its end;
- each Celery task starts as the system and narrows to the tenant it works for.
The settings are session-level, so a connection pooler must hand a connection to one client
for a whole request (PgBouncer in session mode, not transaction mode).

Not covered: `units_user` (authentication finds the user before any tenant is known; a user
row holds a name and an e-mail, no domain data) and the tables of Django and its libraries
(sessions, login attempts). SQLite (the embedded mode) has no row-level security: there the
application's scope filters stand alone, as the URL walk tests them.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection, models

TENANT_SETTING = "app.tenant_id"
ALL_TENANTS_SETTING = "app.all_tenants"
POLICY = "tenant_isolation"
# Tables a tenant owns that keep their tenant column off the policy, and why (see above).
EXEMPT = {"units_user"}


def _active(conn=None) -> bool:
    return (conn or connection).vendor == "postgresql"


def _apply(conn, tenant: str, all_tenants: str) -> None:
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT set_config(%s, %s, false), set_config(%s, %s, false)",
            [TENANT_SETTING, tenant, ALL_TENANTS_SETTING, all_tenants],
        )


def _current(conn) -> tuple[str, str]:
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(current_setting(%s, true), ''), "
            "coalesce(current_setting(%s, true), '')",
            [TENANT_SETTING, ALL_TENANTS_SETTING],
        )
        return cursor.fetchone()


@contextmanager
def scope(*, tenant_id: int | None = None, all_tenants: bool = False):
    """Work as one tenant, as the system (`all_tenants`), or as nobody (neither), then put
    back what the connection had before."""
    if not _active():
        yield
        return
    previous = _current(connection)
    _apply(connection, str(tenant_id or ""), "on" if all_tenants else "off")
    try:
        yield
    finally:
        if connection.connection is not None:  # the connection may have been closed
            _apply(connection, *previous)


def tenant_scope(tenant_id: int | None):
    return scope(tenant_id=tenant_id)


def system_scope():
    return scope(all_tenants=True)


def set_tenant(tenant_id: int) -> None:
    """Narrow the rest of the current request or task to one tenant (an API key's)."""
    if _active():
        _apply(connection, str(tenant_id), "off")


def on_connection_created(sender, connection, **kwargs) -> None:
    """A new connection works as the system until a request or a task says otherwise."""
    if _active(connection):
        _apply(connection, "", "on")


# --- the policies, for the migrations -------------------------------------------------------


def parent_field(model, seen=frozenset()) -> models.ForeignKey | None:
    """The foreign key of a table without a tenant column to the row it belongs to: the
    non-null one to a tenant-owned table that comes first by name (by name, so that the
    migrations' historical state and the running code agree whatever the field order). A
    history table (django-simple-history, whose copies of foreign keys are all nullable)
    follows the same key as its model."""
    tracked_name = model.__name__.removeprefix("Historical")
    if tracked_name != model.__name__:
        try:
            tracked = model._meta.apps.get_model(model._meta.app_label, tracked_name)
        except LookupError:
            tracked = None
        key = parent_field(tracked, seen) if tracked is not None else None
        return model._meta.get_field(key.name) if key is not None else None
    for field in sorted(model._meta.concrete_fields, key=lambda field: field.name):
        if (
            isinstance(field, models.ForeignKey)
            and not field.null
            and field.related_model._meta.db_table not in EXEMPT
            and field.related_model not in seen
            and _is_tenant_owned(field.related_model, seen | {model})
        ):
            return field
    return None


def _has_tenant_column(model) -> bool:
    return any(f.name == "tenant" for f in model._meta.concrete_fields)


def _is_tenant_owned(model, seen=frozenset()) -> bool:
    return _has_tenant_column(model) or parent_field(model, seen) is not None


def policy_condition(model) -> str | None:
    """The SQL condition of `model`'s policy, or None for a table no tenant owns."""
    table = model._meta.db_table
    if table in EXEMPT:
        return None
    if _has_tenant_column(model):
        # Each setting in a scalar subquery: PostgreSQL reads it once per query (an InitPlan)
        # instead of calling current_setting() for every row it filters.
        return (
            f"(SELECT current_setting('{ALL_TENANTS_SETTING}', true)) = 'on' OR tenant_id = "
            f"(SELECT nullif(current_setting('{TENANT_SETTING}', true), '')::bigint)"
        )
    parent = parent_field(model)
    if parent is None:
        return None
    target = parent.related_model._meta
    return (
        f'EXISTS (SELECT 1 FROM "{target.db_table}" p '
        f'WHERE p."{target.pk.column}" = "{table}"."{parent.column}")'
    )


def enable_for_app(app_label: str):
    """A RunPython operation: the policies of every tenant-owned table of `app_label`."""

    def forwards(apps, schema_editor):
        if not _active(schema_editor.connection):
            return
        for model in apps.get_app_config(app_label).get_models():
            condition = policy_condition(model)
            if condition is None:
                continue
            table = model._meta.db_table
            schema_editor.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
            schema_editor.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
            schema_editor.execute(f'DROP POLICY IF EXISTS {POLICY} ON "{table}"')
            schema_editor.execute(
                f'CREATE POLICY {POLICY} ON "{table}" USING ({condition}) WITH CHECK ({condition})'
            )

    def backwards(apps, schema_editor):
        if not _active(schema_editor.connection):
            return
        for model in apps.get_app_config(app_label).get_models():
            if policy_condition(model) is None:
                continue
            table = model._meta.db_table
            schema_editor.execute(f'DROP POLICY IF EXISTS {POLICY} ON "{table}"')
            schema_editor.execute(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
            schema_editor.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')

    from django.db import migrations

    return migrations.RunPython(forwards, backwards, elidable=False)
