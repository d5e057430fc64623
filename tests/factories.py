"""factory_boy factories and builders. Tree nodes are created through treebeard's
add_root/add_child (via the service), never by faking path fields; campaigns through the
campaign services."""

import datetime
from zoneinfo import ZoneInfo

import factory

from units import services
from units.models import Membership, Person, Role, Tenant, Unit, UnitKind, User
from units.permissions import SYSTEM

PASSWORD = "Mat-khau-thu-nghiem-1"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def local_time(year, month, day, hour=9, minute=0) -> datetime.datetime:
    """A moment in Vietnam's time, as the users live deadlines."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


def kind(code: str) -> UnitKind:
    return UnitKind.objects.get(code=code)


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Sở Giáo dục và Đào tạo số {n}")
    slug = factory.Sequence(lambda n: f"tenant-{n}")


class UnitFactory(factory.django.DjangoModelFactory):
    """`UnitFactory(parent=...)` adds a child; without parent, a root of a new tenant."""

    class Meta:
        model = Unit

    tenant = factory.LazyAttribute(
        lambda o: o.parent.tenant if o.parent is not None else TenantFactory()
    )
    name = factory.Sequence(lambda n: f"Trường Mầm non số {n}")
    code = factory.Sequence(lambda n: f"U{n}")
    kind = factory.LazyFunction(lambda: kind("truong-mam-non"))
    place_name = "Quận 1"
    parent = None

    class Params:
        department = factory.Trait(
            kind=factory.LazyFunction(lambda: kind("so")),
            name=factory.Sequence(lambda n: f"Sở Giáo dục và Đào tạo {n}"),
        )
        district_office = factory.Trait(
            kind=factory.LazyFunction(lambda: kind("phong-gddt")),
            name=factory.Sequence(lambda n: f"Phòng Giáo dục và Đào tạo {n}"),
        )

    @classmethod
    def _create(cls, model_class, parent=None, tenant=None, **fields):
        return services.unit_create(actor=SYSTEM, tenant=tenant, parent=parent, **fields)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    tenant = factory.SubFactory(TenantFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    unit = factory.SubFactory(UnitFactory)
    tenant = factory.SelfAttribute("unit.tenant")
    user = factory.SubFactory(UserFactory, tenant=factory.SelfAttribute("..unit.tenant"))
    role = Role.UNIT_STAFF

    @classmethod
    def _create(cls, model_class, user, unit, role, **fields):
        return services.membership_grant(actor=SYSTEM, user=user, unit=unit, role=role)


def member(unit: Unit, role: str = Role.UNIT_STAFF, **user_fields) -> User:
    """A user of `unit`'s tenant holding `role` at `unit`."""
    user = UserFactory(tenant=unit.tenant, **user_fields)
    MembershipFactory(user=user, unit=unit, role=role)
    return user


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    unit = factory.SubFactory(UnitFactory)
    tenant = factory.SelfAttribute("unit.tenant")
    full_name = factory.Sequence(lambda n: f"Trần Thị {n}")
    position = "Giáo viên"
    citizen_id = factory.Sequence(lambda n: f"0791850{n:05d}")


def campaign(
    issuing_unit: Unit,
    *,
    title="Phát động phong trào thi đua “Cải cách hành chính” năm 2024",
    start=datetime.date(2024, 1, 1),
    end=datetime.date(2024, 12, 31),
    kinds=("truong-mam-non",),
    phases=(("Đợt 1", (2024, 4, 1), (2024, 8, 25), [("registration", (2024, 8, 25))]),),
    launch_on=None,
    **fields,
):
    """A plan of `issuing_unit` made through the services, with phases given as
    (name, start, end, [(deadline kind, due date)]); launched when `launch_on` is a date."""
    from campaign import services as campaign_services
    from campaign.models import DeadlineKind

    plan = campaign_services.campaign_create(
        actor=SYSTEM,
        issuing_unit=issuing_unit,
        title=title,
        start_date=start,
        end_date=end,
        participant_kinds=[kind(code) for code in kinds],
        **fields,
    )
    for name, phase_start, phase_end, deadlines in phases:
        phase = campaign_services.phase_save(
            actor=SYSTEM,
            campaign=plan,
            name=name,
            start_date=datetime.date(*phase_start),
            end_date=datetime.date(*phase_end),
        )
        for deadline_kind, due in deadlines:
            campaign_services.deadline_save(
                actor=SYSTEM,
                phase=phase,
                kind=DeadlineKind(deadline_kind),
                due_date=datetime.date(*due),
                receiving_unit=issuing_unit,
            )
    if launch_on is not None:
        plan = campaign_services.campaign_launch(actor=SYSTEM, campaign=plan, issued_on=launch_on)
    return plan


def _campaign_in(root: Unit):
    UnitFactory(parent=root)
    return campaign(root, launch_on=datetime.date(2024, 3, 20))


def _phase_in(root: Unit):
    return campaign(root).phases.get()


def _deadline_in(root: Unit):
    return _phase_in(root).deadlines.get()


def _target_in(root: Unit):
    from campaign import services as campaign_services
    from campaign.models import KpiIndicator

    campaign_services.kpi_catalogue_ensure(root.tenant)
    plan = campaign(root)
    indicator = KpiIndicator.objects.get(tenant=root.tenant, code="tthc-dung-han")
    return campaign_services.target_save(actor=SYSTEM, campaign=plan, indicator=indicator, value=98)


def _indicator_in(root: Unit):
    from campaign.models import KpiIndicator

    return KpiIndicator.objects.create(
        tenant=root.tenant, code=f"chi-tieu-{root.pk}", name=f"Chỉ tiêu riêng của {root.name}"
    )


def _render_job_in(root: Unit):
    from django.core.files.base import ContentFile

    from documents.models import RenderJob

    job = RenderJob.objects.create(
        tenant=root.tenant,
        builder="campaign.documents.plan",
        object_id=0,
        status=RenderJob.Status.DONE,
        progress=100,
        filename="ke-hoach.pdf",
    )
    job.file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return job


def _issued_number_in(root: Unit):
    from documents.models import DocumentType
    from documents.services import number_allocate

    return number_allocate(
        actor=SYSTEM, unit=root, doc_type=DocumentType.REPORT, issued_on=datetime.date(2024, 5, 2)
    )


def _number_register_in(root: Unit):
    from documents.models import NumberRegister

    _issued_number_in(root)
    return NumberRegister.objects.get(unit=root)


def initiative(unit: Unit, deadline=None, **fields):
    """A draft initiative of `unit` under the registration deadline of a plan it takes part in
    (a new launched plan of its parent when none is given)."""
    from initiatives import services as initiative_services

    if deadline is None:
        parent = Unit.objects.get_parent(unit) or unit
        plan = campaign(parent, kinds=(unit.kind.code,), launch_on=datetime.date(2024, 3, 20))
        deadline = plan.phases.get().deadlines.get()
    return initiative_services.initiative_create(
        actor=SYSTEM, deadline=deadline, unit=unit, **fields
    )


def _initiative_in(root: Unit):
    # Accepted, with a result report and evidence: every initiative URL has something to show.
    return _evidence_in(root).initiative


def office_plan_under_department(tree, launch_on=datetime.date(2024, 3, 20)):
    """The Sở's plan for the offices and schools, and Phòng A's plan implementing it (both
    launched): (department plan, office plan)."""
    from campaign import services as campaign_services

    department_plan = campaign(
        tree["department"], kinds=("phong-gddt", "truong-mam-non"), launch_on=launch_on
    )
    office_plan = campaign_services.campaign_create(
        actor=SYSTEM,
        issuing_unit=tree["office_a"],
        based_on=department_plan,
        title="Kế hoạch Phòng A",
    )
    office_plan = campaign_services.campaign_launch(
        actor=SYSTEM, campaign=office_plan, issued_on=launch_on + datetime.timedelta(days=5)
    )
    return department_plan, office_plan


def accepted_initiative(unit: Unit, deadline, **fields):
    """An initiative of `unit`, complete, submitted on time and accepted at its level."""
    from initiatives import services as initiative_services

    item = initiative(unit, deadline, **{"name": "Mô hình", **fields})
    initiative_services.initiative_update(
        actor=SYSTEM,
        initiative=item,
        kind="model",
        area="procedures",
        situation="Thực trạng",
        objectives="Mục tiêu",
        expected_results="Kết quả dự kiến",
    )
    day = deadline.due_date - datetime.timedelta(days=1)
    submitted_at = local_time(day.year, day.month, day.day)
    initiative_services.initiative_submit(actor=SYSTEM, initiative=item, now=submitted_at)
    return initiative_services.initiative_accept(actor=SYSTEM, initiative=item)


def _consolidation_in(root: Unit):
    from initiatives import services as initiative_services

    school = UnitFactory(parent=root)
    plan = campaign(root, launch_on=datetime.date(2024, 3, 20))
    deadline = plan.phases.get().deadlines.get()
    accepted_initiative(school, deadline)
    return initiative_services.consolidation_create(actor=SYSTEM, deadline=deadline)


def _evidence_in(root: Unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from initiatives import services as initiative_services

    school = UnitFactory(parent=root)
    plan = campaign(
        root,
        phases=(
            ("Đợt 1", (2024, 4, 1), (2024, 8, 25), [("registration", (2024, 8, 25))]),
            ("Đợt 2", (2024, 8, 26), (2024, 10, 31), [("result_report", (2024, 10, 31))]),
        ),
        launch_on=datetime.date(2024, 3, 20),
    )
    item = accepted_initiative(
        school, plan.phases.get(name="Đợt 1").deadlines.get(), name="Sáng kiến của tỉnh khác"
    )
    initiative_services.result_report_start(actor=SYSTEM, initiative=item)
    return initiative_services.evidence_add(
        actor=SYSTEM,
        initiative=item,
        kind="plan",
        upload=SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 minh chung"),
    )


RESULT_PHASES = (
    ("Đợt 1", (2024, 4, 1), (2024, 8, 25), [("registration", (2024, 8, 25))]),
    ("Đợt 2", (2024, 8, 26), (2024, 10, 31), [("result_report", (2024, 10, 31))]),
)


def plan_with_results(issuing_unit: Unit, **fields):
    """A launched plan of `issuing_unit` with a registration phase and a result phase."""
    return campaign(
        issuing_unit, phases=RESULT_PHASES, launch_on=datetime.date(2024, 3, 20), **fields
    )


def applied_initiative(unit: Unit, plan, *, authors=(), **fields):
    """An initiative of `unit` under `plan` (`plan_with_results`) applied with effect: accepted
    at its level, and its result report (Mẫu 2) submitted and accepted."""
    from initiatives import services as initiative_services

    deadline = plan.phases.get(name="Đợt 1").deadlines.get()
    item = accepted_initiative(unit, deadline, **fields)
    if authors:
        item.authors.set(authors)
    report = initiative_services.result_report_start(actor=SYSTEM, initiative=item)
    initiative_services.result_report_update(
        actor=SYSTEM,
        report=report,
        work_done="Đã triển khai tại đơn vị",
        effect_after="Giảm một nửa thời gian xử lý",
        completion=100,
    )
    report = initiative_services.result_report_submit(
        actor=SYSTEM, report=report, now=local_time(2024, 10, 20)
    )
    initiative_services.result_report_decide(actor=SYSTEM, report=report, accept=True)
    item.refresh_from_db()
    return item


def _recognition_in(root: Unit):
    """A school's decision recognising one initiative, issued, with its PDF already produced
    (stored as a render would leave it), so every URL of a recognition has something to show."""
    from django.core.files.base import ContentFile

    from awards.services import RECOGNITION_BUILDER, recognition_issue, recognition_save
    from documents.models import RenderJob

    school = UnitFactory(parent=root)
    item = applied_initiative(school, plan_with_results(root), name="Sáng kiến được công nhận")
    recognition = recognition_save(
        actor=SYSTEM,
        unit=school,
        year=2024,
        decided_on=datetime.date(2024, 11, 15),
        signer_position="Hiệu trưởng",
        signer_name="Nguyễn Thị Hiệu",
        entries=[(item, "Áp dụng tại trường")],
    )
    recognition = recognition_issue(actor=SYSTEM, recognition=recognition)
    job = RenderJob.objects.create(
        tenant=root.tenant,
        builder=RECOGNITION_BUILDER,
        object_id=recognition.pk,
        status=RenderJob.Status.DONE,
        progress=100,
        filename="quyet-dinh.pdf",
    )
    job.file.save("quyet-dinh.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return recognition


def _reminder_in(root: Unit):
    import uuid

    from campaign.models import ReminderLog

    deadline = _deadline_in(root)
    return ReminderLog.objects.create(
        tenant=root.tenant,
        deadline=deadline,
        unit=root,
        kind=ReminderLog.Kind.BEFORE,
        offset=0,
        channel=ReminderLog.Channel.EMAIL,
        day=deadline.due_date,
        due_date=deadline.due_date,
        status=ReminderLog.Status.FAILED,
        recipients=["truong@example.vn"],
        batch=uuid.uuid4(),
    )


def _notification_in(root: Unit):
    from notifications.models import Notification

    user = member(root, Role.UNIT_HEAD)
    note = Notification.objects.create(tenant=root.tenant, user=user, title="Nhắc hạn", url="/")
    return note, user


def _report_schedule_in(root: Unit):
    UnitFactory(parent=root)
    return reporting_campaign(root, targets=(("tthc-dung-han", "gte", 98),)).report_schedules.get()


def _periodic_report_in(root: Unit):
    school = UnitFactory(parent=root)
    schedule = reporting_campaign(root, targets=(("tthc-dung-han", "gte", 98),))
    return periodic_report(school, schedule.report_schedules.get(), {"tthc-dung-han": (9, 10)})


def _report_attachment_in(root: Unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reports.services import attachment_add, report_reopen

    report = report_reopen(actor=SYSTEM, report=_periodic_report_in(root), reason="Bổ sung phụ lục")
    return attachment_add(
        actor=SYSTEM, report=report, upload=SimpleUploadedFile("phu-luc.pdf", b"%PDF-1.4 phu luc")
    )


def award_type(tenant, name="Giấy khen của Chủ tịch UBND huyện", **fields):
    from awards.models import AwardType, Subject

    return AwardType.objects.create(
        tenant=tenant, name=name, **{"subject": Subject.INDIVIDUAL, **fields}
    )


def _conduct_record_in(root: Unit):
    from awards.models import ConductRecord

    person = PersonFactory(unit=root)
    return ConductRecord.objects.create(
        tenant=root.tenant, person=person, kind=ConductRecord.Kind.DISCIPLINE, year=2024
    )


def _nomination_in(root: Unit):
    from awards.models import Subject
    from awards.services import nomination_save

    school = UnitFactory(parent=root)
    plan = campaign(root, launch_on=datetime.date(2024, 3, 20))
    return nomination_save(
        actor=SYSTEM,
        unit=school,
        campaign=plan,
        award_type=award_type(root.tenant, subject=Subject.COLLECTIVE),
        year=2024,
        rating="excellent",
        achievements="Thành tích",
    )


def council(
    office: Unit,
    *,
    collectives: int = 3,
    individuals: int = 5,
    ballots=None,
    close: bool = True,
    award_names: tuple[str, str] = (
        "Giấy khen của Trưởng phòng Giáo dục và Đào tạo",
        "Giấy khen của Trưởng phòng Giáo dục và Đào tạo (cá nhân)",
    ),
    members=None,
    **rule,
):
    """A council session of `office` on nominations from new schools below it: `collectives`
    schools and `individuals` teachers, all submitted; votes cast (`ballots[i]` = (for,
    against), default 8-1 of 9 present of 10 members) and, with `close`, the result recorded.
    `members` replaces the 10 members; `rule` sets the award types' vote fields."""
    from awards.models import Subject
    from awards.services import (
        nomination_save,
        nomination_submit,
        session_close,
        session_open,
        votes_record,
    )

    tenant = office.tenant
    schools = [
        UnitFactory(parent=office, name=f"Trường Tiểu học Số {index + 1}")
        for index in range(collectives + individuals)
    ]
    plan = campaign(office, launch_on=datetime.date(2024, 3, 20))  # the schools take part
    collective_award = award_type(
        tenant,
        name=award_names[0],
        subject=Subject.COLLECTIVE,
        conferring_authority="Trưởng phòng Giáo dục và Đào tạo",
        **rule,
    )
    individual_award = award_type(
        tenant,
        name=award_names[1],
        conferring_authority="Trưởng phòng Giáo dục và Đào tạo",
        **rule,
    )
    for index, school in enumerate(schools):
        person = None
        if index >= collectives:
            person = PersonFactory(
                unit=school, full_name=f"Giáo viên Thứ {index + 1}", position="Giáo viên"
            )
        nomination = nomination_save(
            actor=SYSTEM,
            unit=school,
            campaign=plan,
            award_type=individual_award if person else collective_award,
            person=person,
            year=2024,
            rating="excellent",
            achievements=f"Thành tích năm học 2023-2024 của đơn vị số {index + 1}.",
        )
        nomination_submit(actor=SYSTEM, nomination=nomination)
    members = members or [
        {"full_name": "Trần Văn Chủ", "position": "Trưởng phòng", "role": "chair"},
        {"full_name": "Lê Thị Thư", "position": "Chuyên viên", "role": "secretary"},
        *(
            {"full_name": f"Ủy viên {n}", "position": "Phó Trưởng phòng", "role": "member"}
            for n in range(1, 8)
        ),
        {"full_name": "Vắng Mặt", "position": "Chuyên viên", "role": "member", "present": False},
    ]
    session = session_open(
        actor=SYSTEM,
        unit=office,
        campaign=plan,
        year=2024,
        held_on=datetime.date(2024, 10, 1),
        starts_at=datetime.time(8, 0),
        place="Phòng họp số 1",
        members=members,
    )
    votes = list(session.votes.order_by("id"))
    ballots = ballots or [(8, 1)] * len(votes)
    votes_record(
        actor=SYSTEM,
        session=session,
        ballots={v.pk: ballot for v, ballot in zip(votes, ballots, strict=False)},
    )
    if close:
        session = session_close(actor=SYSTEM, session=session, ends_at=datetime.time(10, 30))
    return session


def _council_session_in(root: Unit):
    """A closed session with its dossier and decision already produced (stored as a render
    would leave them), so every download URL has something to refuse."""
    import io
    import zipfile

    from django.core.files.base import ContentFile

    from awards.services import DECISION_BUILDER, DOSSIER_BUILDER, decision_record, dossier_start
    from documents.models import RenderJob

    session = council(UnitFactory(parent=root, district_office=True), collectives=1, individuals=0)
    dossier_start(actor=SYSTEM, session=session)  # its numbers (the render waits for a commit)
    session = decision_record(actor=SYSTEM, session=session, decided_on=datetime.date(2024, 10, 1))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("00 Hồ sơ đề nghị khen thưởng.pdf", b"%PDF-1.7 test")
    for builder, filename, content in (
        (DOSSIER_BUILDER, "ho-so.zip", archive.getvalue()),
        (DECISION_BUILDER, "quyet-dinh.pdf", b"%PDF-1.7 test"),
    ):
        job = RenderJob.objects.create(
            tenant=root.tenant,
            builder=builder,
            object_id=session.pk,
            status=RenderJob.Status.DONE,
            progress=100,
            filename=filename,
        )
        job.file.save(filename, ContentFile(content), save=True)
    return session


def _award_record_in(root: Unit):
    from awards.models import AwardRecord

    return AwardRecord.objects.create(
        tenant=root.tenant, unit=root, year=2023, title="Giấy khen", decision="12/QĐ-UBND"
    )


def _award_settings_in(root: Unit):
    from awards.models import AwardSettings

    return AwardSettings.objects.get_or_create(tenant=root.tenant)[0]


def signing_pkcs12(common_name: str = "Phòng Giáo dục và Đào tạo", passphrase: str = "mat-khau"):
    """A self-issued signing certificate as PKCS#12 bytes, and the certificate to trust."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        b"signer",
        key,
        certificate,
        None,
        serialization.BestAvailableEncryption(passphrase.encode()),
    )
    return data, certificate


def signing_certificate(unit: Unit, common_name: str = "Phòng Giáo dục và Đào tạo"):
    """The unit's signing certificate, uploaded as the tenant administrator would; returns it
    with the `cryptography` certificate a verifier trusts."""
    from documents.signing import certificate_save

    data, trusted = signing_pkcs12(common_name)
    certificate = certificate_save(
        actor=SYSTEM,
        unit=unit,
        data=data,
        passphrase="mat-khau",
        signer_name="Nguyễn Văn Ký",
        signer_position="Trưởng phòng",
    )
    return certificate, trusted


def _signing_certificate_in(root: Unit):
    return signing_certificate(root)[0]


def _api_token_in(root: Unit):
    from reports.services import api_token_create

    return api_token_create(actor=SYSTEM, unit=root, name="Hệ thống báo cáo")[0]


def _model(label):
    from django.apps import apps

    return apps.get_model(label)


# How to make an instance of each model inside the tenant whose top unit is given, for the test
# that walks every object URL.
FACTORY_FOR_MODEL = {
    Unit: lambda root: UnitFactory(parent=root),
    Person: lambda root: PersonFactory(unit=root),
    _model("campaign.Campaign"): _campaign_in,
    _model("campaign.Phase"): _phase_in,
    _model("campaign.Deadline"): _deadline_in,
    _model("campaign.KpiTarget"): _target_in,
    _model("campaign.KpiIndicator"): _indicator_in,
    _model("campaign.ReminderLog"): _reminder_in,
    _model("notifications.Notification"): _notification_in,
    _model("campaign.ReportSchedule"): _report_schedule_in,
    _model("reports.PeriodicReport"): _periodic_report_in,
    _model("reports.ApiToken"): _api_token_in,
    _model("awards.Nomination"): _nomination_in,
    _model("awards.AwardType"): lambda root: award_type(root.tenant),
    _model("awards.ConductRecord"): _conduct_record_in,
    _model("awards.CouncilSession"): _council_session_in,
    _model("awards.AwardRecord"): _award_record_in,
    _model("awards.AwardSettings"): _award_settings_in,
    _model("awards.Recognition"): _recognition_in,
    _model("documents.SigningCertificate"): _signing_certificate_in,
    _model("reports.ReportAttachment"): _report_attachment_in,
    _model("documents.RenderJob"): _render_job_in,
    _model("documents.IssuedNumber"): _issued_number_in,
    _model("documents.NumberRegister"): _number_register_in,
    _model("initiatives.Initiative"): _initiative_in,
    _model("initiatives.Consolidation"): _consolidation_in,
    _model("initiatives.Evidence"): _evidence_in,
}


def reporting_campaign(
    issuing_unit: Unit,
    *,
    kinds=("truong-mam-non",),
    targets=(("tthc-dung-han", "gte", 98), ("hai-long-tthc", "gte", 95), ("so-mo-hinh", "gte", 1)),
    periods=("q1", "h1", "q3", "year"),
    launch_on=datetime.date(2024, 1, 10),
    **fields,
):
    """A launched plan of `issuing_unit` for 2024 with seed 001's report schedule (due the
    5th of the period's last month, received by the issuing unit) and KPI targets given as
    (indicator code, comparator, value) from the default catalogue."""
    from campaign import services as campaign_services
    from campaign.models import KpiIndicator

    plan = campaign(
        issuing_unit,
        kinds=kinds,
        phases=(("Năm 2024", (2024, 1, 1), (2024, 12, 31), []),),
        **fields,
    )
    campaign_services.kpi_catalogue_ensure(issuing_unit.tenant)
    for code, comparator, value in targets:
        campaign_services.target_save(
            actor=SYSTEM,
            campaign=plan,
            indicator=KpiIndicator.objects.get(tenant=issuing_unit.tenant, code=code),
            comparator=comparator,
            value=value,
        )
    campaign_services.report_schedule_save(
        actor=SYSTEM, campaign=plan, periods=list(periods), due_day=5, receiving_unit=issuing_unit
    )
    return campaign_services.campaign_launch(actor=SYSTEM, campaign=plan, issued_on=launch_on)


def periodic_report(unit: Unit, schedule, figures: dict, *, year=2024, period="q1", submit=True):
    """`unit`'s report with figures by indicator code as (numerator, denominator), submitted
    on time unless `submit` is False."""
    from reports import services as report_services

    report = report_services.report_open(
        actor=SYSTEM,
        schedule=schedule,
        year=year,
        period=period,
        unit=unit,
        today=datetime.date(year, 12, 1),
    )
    by_code = {row.target.indicator.code: row.target_id for row in report.figures.all()}
    report_services.report_save(
        actor=SYSTEM,
        report=report,
        figures={by_code[code]: pair for code, pair in figures.items()},
    )
    if submit:
        report = report_services.report_submit(
            actor=SYSTEM, report=report, now=local_time(year, 1, 2)
        )
    return report


def external_plan(tenant, *, number="244/KH-SGDĐT", deadlines=(("registration", (2026, 10, 20)),)):
    """An upper-level plan outside the system (a Sở's) recorded for `tenant`, with deadlines
    given as (kind, due date)."""
    from campaign import services as campaign_services

    plan = campaign_services.external_plan_save(
        actor=SYSTEM,
        tenant_id=tenant.pk,
        number=number,
        issued_on=datetime.date(2025, 12, 29),
        issuing_body="Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh",
        title="Phát động phong trào thi đua “Cải cách hành chính” năm 2026",
    )
    for deadline_kind, due in deadlines:
        campaign_services.external_deadline_save(
            actor=SYSTEM, plan=plan, kind=deadline_kind, due_date=datetime.date(*due)
        )
    return plan


_external_numbers = iter(range(100, 10**6))


def _external_plan_in(root: Unit):
    return external_plan(root.tenant, number=f"{next(_external_numbers)}/KH-SGDĐT")


FACTORY_FOR_MODEL.update(
    {
        _model("campaign.ExternalPlan"): _external_plan_in,
        _model("campaign.ExternalDeadline"): lambda root: _external_plan_in(root).deadlines.get(),
    }
)


def dashboard_plan(issuing_unit: Unit):
    """A launched 2024 plan of `issuing_unit` with both things its dashboard charts:
    registration of initiatives by 25/8/2024 and quarterly reports against three percentage
    targets (on-time procedures ≥ 98%, satisfaction ≥ 95%, apology letters 100%) and a count
    (models ≥ 1)."""
    from campaign import services as campaign_services
    from campaign.models import KpiIndicator

    plan = campaign(issuing_unit)
    campaign_services.kpi_catalogue_ensure(issuing_unit.tenant)
    for code, comparator, value in (
        ("tthc-dung-han", "gte", 98),
        ("hai-long-tthc", "gte", 95),
        ("xin-loi-tre-han", "eq", 100),
        ("so-mo-hinh", "gte", 1),
    ):
        campaign_services.target_save(
            actor=SYSTEM,
            campaign=plan,
            indicator=KpiIndicator.objects.get(tenant=plan.tenant, code=code),
            comparator=comparator,
            value=value,
        )
    campaign_services.report_schedule_save(
        actor=SYSTEM,
        campaign=plan,
        periods=["q1", "h1", "q3", "year"],
        due_day=5,
        receiving_unit=issuing_unit,
    )
    return campaign_services.campaign_launch(
        actor=SYSTEM, campaign=plan, issued_on=datetime.date(2024, 3, 20)
    )
