"""The council's session: attendance, ballots, the threshold, the result, the decision and the
awards it leaves on the history, through the services and through the pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from awards import services
from awards.models import (
    AwardRecord,
    AwardSettings,
    AwardType,
    ConductRecord,
    CouncilSession,
    Nomination,
    VoteBase,
)
from documents.models import RenderJob
from documents.services import pdf_text
from tests.factories import council, member
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def results(session):
    return [
        (v.nomination.nominee, v.approved)
        for v in session.votes.select_related("nomination__person", "nomination__unit")
    ]


def test_a_nomination_passes_with_the_threshold_of_members_present(tree):
    # 9 present, 70%: 7 votes (77.8%) pass, 6 (66.7%) do not.
    session = council(tree["office_a"], collectives=2, individuals=0, ballots=[(7, 2), (6, 3)])

    assert results(session) == [
        ("Trường Tiểu học Số 1", True),
        ("Trường Tiểu học Số 2", False),
    ]
    statuses = list(
        Nomination.objects.filter(votes__session=session).values_list("status", flat=True)
    )
    assert sorted(statuses) == [Nomination.Status.APPROVED, Nomination.Status.NOT_APPROVED]
    assert session.status == CouncilSession.Status.CLOSED
    assert session.minutes_number.display == "01/BB-PGD-A"
    ballot = session.ballots.get()
    assert (ballot.threshold, ballot.base, ballot.secret) == (70, VoteBase.ATTENDING, False)


def test_the_threshold_is_the_award_types_and_the_session_keeps_its_copy(tree):
    # Was the tenant's threshold (AwardSettings.approval_threshold); now each award type's.
    session = council(tree["office_a"], collectives=2, individuals=0, close=False)
    AwardType.objects.update(vote_threshold=50)  # after the session opened: not its rule
    assert session.ballots.get().threshold == 70

    AwardSettings.objects.create(tenant=tree["office_a"].tenant)
    session = council(
        tree["office_a"],
        collectives=2,
        individuals=0,
        ballots=[(5, 4), (4, 5)],
        award_names=("Giấy khen tập thể", "Giấy khen cá nhân"),
        vote_threshold=50,
    )
    assert session.ballots.get().threshold == 50
    assert [approved for _name, approved in results(session)] == [True, False]


def test_more_ballots_than_members_present_are_refused_naming_the_nominee(tree):
    session = council(tree["office_a"], collectives=1, individuals=0, close=False)
    vote = session.votes.get()

    with pytest.raises(ValidationError) as error:
        services.votes_record(actor=SYSTEM, session=session, ballots={vote.pk: (8, 2)})

    assert error.value.messages == [
        "Trường Tiểu học Số 1: 10 phiếu, nhưng chỉ có 9 thành viên có mặt."
    ]
    vote.refresh_from_db()
    assert vote.votes_for == 8 and vote.votes_against == 1  # the earlier ballots stay


def test_the_result_needs_every_ballot_and_an_end_after_the_start(tree):
    session = council(tree["office_a"], collectives=1, individuals=0, close=False)
    session.votes.update(votes_for=None, votes_against=None)

    with pytest.raises(ValidationError, match="Trường Tiểu học Số 1"):
        services.session_close(actor=SYSTEM, session=session, ends_at=datetime.time(10))
    with pytest.raises(ValidationError, match="kết thúc sau"):
        services.session_close(actor=SYSTEM, session=session, ends_at=datetime.time(7))


def test_a_nomination_that_became_ineligible_does_not_pass_whatever_the_votes(tree):
    session = council(tree["office_a"], collectives=0, individuals=1, close=False)
    person = session.votes.get().nomination.person
    ConductRecord.objects.create(
        tenant=person.tenant, person=person, kind=ConductRecord.Kind.INVESTIGATION, year=2024
    )

    session = services.session_close(actor=SYSTEM, session=session, ends_at=datetime.time(10))

    assert results(session) == [(person.full_name, False)]


def test_the_council_needs_a_chair_and_a_secretary_present(tree):
    session = council(tree["office_a"], collectives=1, individuals=0, close=False)
    members = [
        {"full_name": "Trần Văn Chủ", "position": "", "role": "chair", "present": True},
        {"full_name": "Lê Thị Thư", "position": "", "role": "secretary", "present": False},
    ]
    with pytest.raises(ValidationError, match="thư ký"):
        services.session_members_save(actor=SYSTEM, session=session, members=members)


def test_only_the_units_award_officer_runs_its_council(tree):
    session = council(tree["office_a"], collectives=1, individuals=0, close=False)
    for outsider in (
        member(tree["office_a"], Role.REVIEWER),
        member(tree["office_b"], Role.AWARD_OFFICER),
        member(tree["a1"], Role.UNIT_HEAD),
    ):
        with pytest.raises(PermissionDenied):
            services.session_close(actor=outsider, session=session, ends_at=datetime.time(10))
    officer = member(tree["office_a"], Role.AWARD_OFFICER)
    closed = services.session_close(actor=officer, session=session, ends_at=datetime.time(10))
    assert closed.status == CouncilSession.Status.CLOSED


def test_the_decision_puts_the_awards_on_the_history_and_in_next_years_reports(
    tree, django_capture_on_commit_callbacks
):
    session = council(tree["office_a"], collectives=1, individuals=1, ballots=[(9, 0), (9, 0)])
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_start(actor=SYSTEM, session=session)
        session = services.decision_record(
            actor=SYSTEM, session=session, decided_on=datetime.date(2024, 10, 15)
        )

    assert session.decision_number.display == "01/QĐ-PGD-A"
    records = AwardRecord.objects.order_by("id")
    assert [(r.year, r.title, r.decision) for r in records] == [
        (2024, "Giấy khen của Trưởng phòng Giáo dục và Đào tạo", "01/QĐ-PGD-A ngày 15/10/2024"),
        (
            2024,
            "Giấy khen của Trưởng phòng Giáo dục và Đào tạo (cá nhân)",
            "01/QĐ-PGD-A ngày 15/10/2024",
        ),
    ]
    assert set(Nomination.objects.values_list("status", flat=True)) == {Nomination.Status.AWARDED}

    job = RenderJob.objects.get(builder=services.DECISION_BUILDER)
    assert job.status == RenderJob.Status.DONE, job.error
    with job.file.open("rb") as handle:
        text = " ".join(pdf_text(handle.read(), layout=False).split())
    assert "QUYẾT ĐỊNH Về việc tặng Giấy khen" in text and "Số: 01/QĐ-PGD-A" in text
    assert "Điều 1. Tặng Giấy khen" in text and "01 tập thể và 01 cá nhân" in text
    assert "(Kèm theo Quyết định số 01/QĐ-PGD-A ngày 15/10/2024" in text
    assert "Trường Tiểu học Số 1" in text and "Giáo viên Thứ 2" in text

    # A second time is refused: the awards are recorded once.
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=SYSTEM, session=session, decided_on=datetime.date(2024, 10, 16)
        )

    # Next year's report of the same teacher lists the award in its table III.
    from awards import documents as award_documents

    teacher = records[1].person
    nomination = Nomination.objects.create(
        campaign=records[1].nomination.campaign,
        tenant=teacher.tenant,
        unit=teacher.unit,
        person=teacher,
        award_type=records[1].nomination.award_type,
        year=2025,
        rating="excellent",
        achievements="Năm 2025",
    )
    later = CouncilSession(year=2025, submission_number=session.submission_number)
    context = award_documents.achievement_context(later, nomination, None, summary_only=False)
    assert context["awards"] == [
        {
            "year": 2024,
            "title": "Giấy khen của Trưởng phòng Giáo dục và Đào tạo (cá nhân)",
            "decision": f"01/QĐ-PGD-A ngày 15/10/2024; {tree['office_a'].name}",
        }
    ]


def test_a_decision_issued_above_is_recorded_without_a_number_of_ours(tree):
    session = council(tree["office_a"], collectives=1, individuals=0)

    session = services.decision_record(
        actor=SYSTEM,
        session=session,
        decided_on=datetime.date(2024, 10, 20),
        external_number="1234/QĐ-UBND",
        decided_by="Ủy ban nhân dân huyện Nhà Bè",
    )

    assert session.decision_number is None
    record = AwardRecord.objects.get()
    assert record.decision == "1234/QĐ-UBND ngày 20/10/2024"
    assert record.issued_by == "Ủy ban nhân dân huyện Nhà Bè"
    assert not RenderJob.objects.filter(builder=services.DECISION_BUILDER).exists()


# --- pages -------------------------------------------------------------------------------


@pytest.fixture
def officer(tree, client):
    user = member(tree["office_a"], Role.AWARD_OFFICER)
    client.force_login(user)
    return user


def test_opening_a_session_from_the_page(tree, client, officer):
    draft = council(tree["office_a"], collectives=2, individuals=0, close=False)
    # Those two were put on `draft`'s agenda; new nominations wait for a new session.
    draft.votes.all().delete()
    draft.delete()
    url = reverse("awards:council_create")
    data = {
        "campaign": Nomination.objects.first().campaign_id,
        "year": "2024",
        "held_on": "2024-10-01",
        "starts_at": "08:00",
        "place": "Phòng họp",
        "members-TOTAL_FORMS": "3",
        "members-INITIAL_FORMS": "0",
        "members-0-full_name": "Trần Văn Chủ",
        "members-0-role": "chair",
        "members-0-present": "on",
        "members-1-full_name": "Lê Thị Thư",
        "members-1-role": "member",
        "members-1-present": "on",
        "members-2-full_name": "",
        "members-2-role": "member",
    }
    page = client.post(url, data)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Hội đồng cần có thư ký có mặt" in text and 'value="Phòng họp"' in text
    assert not CouncilSession.objects.exists()

    data["members-1-role"] = "secretary"
    response = client.post(url, data)
    session = CouncilSession.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/councils/{session.pk}/")
    assert session.members.count() == 2 and session.votes.count() == 2


def test_ballots_with_errors_keep_what_was_typed(tree, client, officer):
    session = council(tree["office_a"], collectives=2, individuals=0, close=False)
    first, second = session.votes.order_by("id")
    url = reverse("awards:council_votes", args=[session.pk])

    page = client.post(
        url,
        {
            f"for_{first.pk}": "7",
            f"against_{first.pk}": "",
            f"for_{second.pk}": "-1",
            f"against_{second.pk}": "2",
        },
    )

    text = page.content.decode()
    assert page.status_code == 200
    assert "Nhập cả số phiếu đồng ý và không đồng ý." in text
    assert 'value="7"' in text
    first.refresh_from_db()
    assert first.votes_for == 8  # nothing half-saved

    client.post(url, {f"for_{first.pk}": "9", f"against_{first.pk}": "0"})
    first.refresh_from_db()
    assert (first.votes_for, first.votes_against) == (9, 0)

    close = client.post(reverse("awards:council_close", args=[session.pk]), {"ends_at": "10:30"})
    assert close.status_code == 302
    page = client.get(reverse("awards:council", args=[session.pk])).content.decode()
    assert "Kết quả đã ghi nhận" in page and "01/BB-PGD-A" in page


def test_the_history_pages_show_the_awards(tree, client, officer):
    session = council(tree["office_a"], collectives=1, individuals=1)
    services.decision_record(
        actor=SYSTEM,
        session=session,
        decided_on=datetime.date(2024, 10, 20),
        external_number="1234/QĐ-UBND",
        decided_by="UBND huyện",
    )
    teacher = AwardRecord.objects.get(person__isnull=False).person
    page = client.get(reverse("awards:person_history", args=[teacher.pk])).content.decode()
    assert "1234/QĐ-UBND ngày 20/10/2024" in page and teacher.full_name in page
    school = teacher.unit
    page = client.get(reverse("awards:unit_history", args=[school.pk])).content.decode()
    assert "1234/QĐ-UBND" in page

    client.force_login(member(tree["office_b"], Role.AWARD_OFFICER))
    assert client.get(reverse("awards:person_history", args=[teacher.pk])).status_code == 404
    assert client.get(reverse("awards:unit_history", args=[school.pk])).status_code == 404


def test_a_unit_owes_its_award_proposal_until_a_nomination_of_its_subtree_is_sent(tree):
    from awards.selectors import award_proposal_owed
    from awards.services import nomination_save, nomination_submit
    from campaign.models import DeadlineKind
    from tests.factories import award_type, campaign

    plan = campaign(tree["office_a"], launch_on=datetime.date(2024, 3, 20))
    phase = plan.phases.get()
    deadline = phase.deadlines.create(
        kind=DeadlineKind.AWARD_PROPOSAL, due_date=datetime.date(2024, 10, 5)
    )
    a1, a2 = tree["a1"], tree["a2"]
    nomination = nomination_save(
        actor=SYSTEM,
        unit=a1,
        campaign=plan,
        award_type=award_type(a1.tenant, subject="collective"),
        year=2024,
        rating="excellent",
        achievements="Thành tích",
    )
    owed = award_proposal_owed([deadline])[deadline.pk]
    assert owed.expected == {a1.pk, a2.pk} and owed.owing == {a1.pk, a2.pk}  # a draft

    nomination_submit(actor=SYSTEM, nomination=nomination)
    assert award_proposal_owed([deadline])[deadline.pk].owing == {a2.pk}
    assert award_proposal_owed([deadline], {a1.pk})[deadline.pk].owing == set()
    # Last year's nomination does not answer this year's deadline.
    Nomination.objects.update(year=2023)
    assert award_proposal_owed([deadline], {a1.pk})[deadline.pk].owing == {a1.pk}


def test_the_council_page_issues_the_same_queries_for_2_or_8_nominations(client, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for office, size in ((tree["office_a"], 1), (tree["office_b"], 4)):
        session = council(office, collectives=size, individuals=size, close=False)
        client.force_login(member(office, Role.AWARD_OFFICER))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("awards:council", args=[session.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
