"""PostgreSQL row-level security (units/rls.py): every tenant-owned table has its policy, the
application's role cannot bypass it, a connection that says nothing sees nothing, and one
that works for a tenant sees and writes that tenant's rows only, whatever the query."""

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.utils import ProgrammingError

from reports.models import ReportFigure
from tests.factories import UnitFactory, member, periodic_report, reporting_campaign
from units import rls
from units.models import Role, Unit

# Committed rows, so that a second connection can look at them; the unit kinds restored.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def tenant_owned_tables() -> set[str]:
    return {
        model._meta.db_table
        for model in apps.get_models()
        if rls.policy_condition(model) is not None
    }


def test_every_tenant_owned_table_has_a_forced_policy():
    tables = tenant_owned_tables()
    # Tables with a tenant column and the rows that belong to them.
    assert {"units_unit", "reports_periodicreport", "reports_reportfigure"} <= tables
    assert {"campaign_deadline", "awards_councilvote", "initiatives_score"} <= tables
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_policies p ON p.tablename = c.relname "
            "WHERE c.relrowsecurity AND c.relforcerowsecurity AND p.policyname = %s",
            [rls.POLICY],
        )
        protected = {row[0] for row in cursor.fetchall()}
    assert tables - protected == set()
    # Every model with a tenant column is covered, but for the documented exemption.
    with_column = {
        m._meta.db_table
        for m in apps.get_models()
        if any(f.name == "tenant" for f in m._meta.concrete_fields)
    }
    assert with_column - tables == rls.EXEMPT


def test_the_application_role_cannot_bypass_the_policies():
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False, False)


@pytest.fixture
def two_tenants():
    """Two departments, each with a school that sent a report (a child table's rows too)."""
    found = {}
    for name in ("a", "b"):
        root = UnitFactory(department=True)
        school = UnitFactory(parent=root)
        schedule = reporting_campaign(root).report_schedules.get()
        periodic_report(school, schedule, {}, submit=False)
        found[name] = root
    return found


def raw_connection():
    """A connection of the application's role that never went through Django: no setting."""
    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        dbname=connection.settings_dict["NAME"],  # the test database
        user=db["USER"],
        password=db["PASSWORD"],
        autocommit=True,
    )


def count(cursor, table, where="TRUE", params=()):
    cursor.execute(f"SELECT count(*) FROM {table} WHERE {where}", params)
    return cursor.fetchone()[0]


def test_a_raw_query_with_no_tenant_set_returns_no_rows(two_tenants):
    assert Unit.objects.count() >= 4 and ReportFigure.objects.exists()  # the system sees them
    with raw_connection() as conn, conn.cursor() as cursor:
        for table in ("units_unit", "reports_periodicreport", "reports_reportfigure"):
            assert count(cursor, table) == 0, table


def test_a_tenant_sees_its_rows_and_none_of_another(two_tenants):
    a, b = two_tenants["a"].tenant_id, two_tenants["b"].tenant_id
    with raw_connection() as conn, conn.cursor() as cursor:
        cursor.execute("SELECT set_config('app.tenant_id', %s, false)", [str(a)])
        assert count(cursor, "units_unit") == Unit.objects.filter(tenant_id=a).count()
        assert count(cursor, "units_unit", "tenant_id = %s", [b]) == 0
        assert count(cursor, "reports_periodicreport", "tenant_id = %s", [b]) == 0
        # A table without a tenant column follows its parent row.
        own = ReportFigure.objects.filter(report__tenant_id=a).count()
        assert own > 0 and count(cursor, "reports_reportfigure") == own


def test_a_tenant_cannot_write_a_row_of_another(two_tenants):
    a, b = two_tenants["a"], two_tenants["b"]
    with raw_connection() as conn, conn.cursor() as cursor:
        cursor.execute("SELECT set_config('app.tenant_id', %s, false)", [str(a.tenant_id)])
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cursor.execute(
                "UPDATE units_unit SET tenant_id = %s WHERE id = %s", [b.tenant_id, a.pk]
            )
        # Another tenant's rows are not even there to change.
        cursor.execute("UPDATE units_unit SET name = 'x' WHERE tenant_id = %s", [b.tenant_id])
        assert cursor.rowcount == 0


def test_the_orm_inside_a_tenant_scope_sees_only_that_tenant(two_tenants):
    a, b = two_tenants["a"], two_tenants["b"]
    with rls.tenant_scope(a.tenant_id):
        # No filter at all in the query: the database applies the tenant.
        assert set(Unit.objects.values_list("tenant_id", flat=True)) == {a.tenant_id}
        assert not ReportFigure.objects.filter(report__tenant_id=b.tenant_id).exists()
        with pytest.raises(ProgrammingError):  # RLS refuses the write
            Unit.objects.filter(pk=a.pk).update(tenant_id=b.tenant_id)
    # Outside the scope the system sees both again.
    assert {a.tenant_id, b.tenant_id} <= set(Unit.objects.values_list("tenant_id", flat=True))


def test_a_request_works_as_its_users_tenant(two_tenants, client):
    """The page lists units through the user's scope; under it, the database has been told
    the tenant: a query inside the request that forgot every filter still sees one tenant."""
    from units.rls import TENANT_SETTING

    a = two_tenants["a"]
    client.force_login(member(a, Role.TENANT_ADMIN))
    seen = {}

    def spy(execute, sql, params, many, context):
        if "current_setting" not in sql and "units_unit" in sql and "tenant" not in seen:
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_setting(%s, true)", [TENANT_SETTING])
                seen["tenant"] = cursor.fetchone()[0]
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        assert client.get("/units/").status_code == 200
    assert seen["tenant"] == str(a.tenant_id)
    # After the request the connection is the system's again (what it was before).
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [TENANT_SETTING])
        assert cursor.fetchone()[0] == ""


def test_a_table_without_a_tenant_column_follows_the_same_parent_as_its_model():
    """A history table's copies of foreign keys are all nullable: its policy must follow the
    key its model follows (a Mẫu 2's initiative, not the initiative it adopted from)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(p.polqual, p.polrelid) FROM pg_policy p "
            "JOIN pg_class c ON c.oid = p.polrelid WHERE p.polname = %s",
            [rls.POLICY],
        )
        policies = dict(cursor.fetchall())
    checked = 0
    for model in apps.get_models():
        condition = rls.policy_condition(model)
        if condition is None or not condition.startswith("EXISTS"):
            continue  # no policy, or the tenant column's
        parent = rls.parent_field(model)
        assert f".{parent.column})" in policies[model._meta.db_table], model.__name__
        checked += 1
    assert checked >= 20
