"""The fault test's small tenant, made in the private database by a process of its own
(`python -m tests.integration.fault_setup`, with the stack's environment); prints what the
load needs as one JSON line: sessions, the registration deadline, the Mẫu 2 to upload to.

A district office with three schools: the heads of two register and submit Mẫu 1, the
office's reviewer returns them (an e-mail at once to the school's head), the third school's
head reports results on an accepted initiative and uploads evidence. Made through the
services (tests/factories), as the other tests make theirs; logged in as the test client
does it, so no password is hashed and no login is needed under load.
"""

from __future__ import annotations

import datetime
import json
import os


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()

    from django.db import connection
    from django.test import Client
    from django.utils import timezone, translation

    from initiatives import services as initiative_services
    from tests.factories import PersonFactory, UnitFactory, accepted_initiative, campaign, member
    from units.models import Role
    from units.permissions import SYSTEM

    # The rows the data migrations wrote (unit kinds...), as serialized after the migrate.
    with open(os.environ["FAULT_SEED"]) as seed:
        connection.creation.deserialize_db_from_string(seed.read())
    translation.activate("vi")
    today = timezone.localdate()

    def day(offset: int) -> tuple[int, int, int]:
        moment = today + datetime.timedelta(days=offset)
        return (moment.year, moment.month, moment.day)

    department = UnitFactory(department=True, code="SGDĐT-TN")
    office = UnitFactory(parent=department, district_office=True, code="PGD-TN")
    schools = [UnitFactory(parent=office, code=f"TN-{n}") for n in range(1, 4)]
    plan = campaign(
        office,
        start=today - datetime.timedelta(days=60),
        end=today + datetime.timedelta(days=120),
        phases=(
            ("Đợt 1", day(-30), day(30), [("registration", day(30))]),
            ("Đợt 2", day(31), day(90), [("result_report", day(90))]),
        ),
        launch_on=today - datetime.timedelta(days=20),
    )
    registration = plan.phases.get(name="Đợt 1").deadlines.get()

    def session_of(user) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    heads = []
    for school in schools:
        head = member(school, Role.UNIT_HEAD, email=f"{school.code.lower()}@truong.edu.vn")
        person = PersonFactory(unit=school)
        heads.append(
            {
                "session": session_of(head),
                "email": head.email,
                "unit": school.pk,
                "person": person.pk,
            }
        )
    reviewer = member(office, Role.REVIEWER, email="chuyenvien@pgd.edu.vn")
    applied = accepted_initiative(schools[2], registration, name="Sổ liên lạc điện tử")
    initiative_services.result_report_start(
        actor=SYSTEM, initiative=applied, today=today + datetime.timedelta(days=31)
    )
    print(
        json.dumps(
            {
                "deadline": registration.pk,
                "heads": heads[:2],
                "uploader": {**heads[2], "initiative": applied.pk},
                "reviewer": {"session": session_of(reviewer)},
            }
        )
    )


if __name__ == "__main__":
    main()
