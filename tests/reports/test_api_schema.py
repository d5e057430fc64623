"""The OpenAPI schema the app serves is valid, and every documented endpoint answers as
documented: schemathesis generates requests from the schema (ids, filters, pages, good and
bad) and checks each answer's status, content type and body against it."""

import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from reports import services
from tests.factories import accepted_initiative, campaign, periodic_report, reporting_campaign
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db


def served_schema():
    """The document /api/v1/schema/ serves, made the same way without a request (tests
    are collected before the database opens), and the app that answers the calls."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    document = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
    loaded = schemathesis.openapi.from_dict(document)
    # Query parameters the schema does not name are ignored, as HTTP APIs do; OpenAPI has
    # no way to forbid them.
    # The same examples on every run, so CI cannot turn red by chance; widen max_examples or
    # drop `deterministic` locally to search further.
    loaded.config.generation.update(allow_extra_parameters=False, deterministic=True)
    loaded.app = get_wsgi_application()
    return loaded


schema = served_schema()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calls go to the WSGI app itself, which closes the database connection after each
    request; Django's test client holds that back, and so must these tests, or the test's
    transaction goes with it."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def key(tree):
    import datetime

    plan = reporting_campaign(tree["department"])
    figures = {"tthc-dung-han": (196, 200), "hai-long-tthc": (0, 0), "so-mo-hinh": (2, None)}
    periodic_report(tree["a1"], plan.report_schedules.get(), figures)
    registration = campaign(tree["office_a"], launch_on=datetime.date(2024, 3, 20))
    accepted_initiative(tree["a1"], registration.phases.get().deadlines.get())
    return services.api_token_create(actor=SYSTEM, unit=tree["office_a"], name="Schemathesis")[1]


def test_the_served_schema_is_valid_openapi_and_is_the_one_tested(client):
    document = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert document.status_code == 200
    assert document.json()["paths"] == schema.raw_schema["paths"]
    from drf_spectacular.validation import validate_schema

    validate_schema(document.json())  # raises on any departure from OpenAPI 3


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_documented_endpoint_answers_as_documented(case, key):
    headers = {"Authorization": f"Bearer {key}"}
    response = case.call(headers=headers)
    # The headers again: the checks replay the call without the key and expect a 401.
    case.validate_response(response, headers=headers)
