"""The council per the rules: the quorum, the base and threshold of each award type, the
written votes of absent members, the secret ballot's count, the quota with the preference for
women on equal votes (Nghị định 152/2025/NĐ-CP Art. 4), and the minutes that state them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import documents as award_documents
from awards import selectors, services
from awards.defaults import award_types_ensure
from awards.models import AwardSettings, AwardType, CouncilSession, Preference, VoteBase
from documents.services import pdf_text, render_pdf_bundle
from tests.factories import PersonFactory, council, member
from units.models import Gender, Person, Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

HIGHER = {"vote_base": VoteBase.ALL_MEMBERS, "vote_threshold": 90, "secret_ballot": True}


def members(total: int, present: int, written: int = 0) -> list[dict]:
    """`total` members: a chair, a secretary and others; the last `total - present` absent,
    the first `written` of those having voted in writing."""
    rows = [
        {"full_name": "Trần Văn Chủ", "position": "Trưởng phòng", "role": "chair"},
        {"full_name": "Lê Thị Thư", "position": "Chuyên viên", "role": "secretary"},
    ]
    rows += [
        {"full_name": f"Ủy viên {n}", "position": "Chuyên viên", "role": "member"}
        for n in range(1, total - 1)
    ]
    for index, row in enumerate(rows[present:]):
        row["present"] = False
        row["voted_in_writing"] = index < written
    return rows


def close(session):
    return services.session_close(actor=SYSTEM, session=session, ends_at=datetime.time(10, 30))


def results(session):
    return [
        (v.nomination.nominee, v.approved)
        for v in session.votes.select_related("nomination__person", "nomination__unit").order_by(
            "id"
        )
    ]


# --- the quorum --------------------------------------------------------------------------


def test_a_quorum_of_6_of_10_fails_and_the_page_says_so_before_the_clerk_tries(tree, client):
    session = council(
        tree["office_a"],
        collectives=1,
        individuals=0,
        members=members(10, 6),
        ballots=[(6, 0)],
        close=False,
    )
    message = "Cuộc họp chỉ hợp lệ khi có ít nhất 2/3 số thành viên dự họp: có 6/10 thành viên."

    client.force_login(member(tree["office_a"], Role.AWARD_OFFICER))
    page = client.get(reverse("awards:council", args=[session.pk])).content.decode()
    assert message in page

    with pytest.raises(ValidationError) as error:
        close(session)
    assert error.value.messages == [message]
    session.refresh_from_db()
    assert session.is_open and session.minutes_number is None


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(("total", "present"), [(10, 7), (9, 6)])
def test_seven_of_ten_and_six_of_nine_are_a_quorum(tree, client, total, present):
    session = council(
        tree["office_a"],
        collectives=1,
        individuals=0,
        members=members(total, present),
        ballots=[(present, 0)],
        close=False,
    )
    client.force_login(member(tree["office_a"], Role.AWARD_OFFICER))
    page = client.get(reverse("awards:council", args=[session.pk])).content.decode()
    assert "Cuộc họp chỉ hợp lệ" not in page

    session = close(session)
    assert results(session) == [("Trường Tiểu học Số 1", True)]


def test_the_quorum_is_the_tenants_setting_copied_when_the_session_opens(tree):
    AwardSettings.objects.create(
        tenant=tree["office_a"].tenant, quorum_numerator=3, quorum_denominator=4
    )
    session = council(
        tree["office_a"],
        collectives=1,
        individuals=0,
        members=members(10, 7),
        ballots=[(7, 0)],
        close=False,
    )
    AwardSettings.objects.update(quorum_numerator=2, quorum_denominator=3)

    with pytest.raises(ValidationError, match="3/4 số thành viên dự họp: có 7/10"):
        close(session)


def test_a_quorum_below_one_half_is_refused_by_the_settings(tree):
    settings = AwardSettings(
        tenant=tree["office_a"].tenant, quorum_numerator=1, quorum_denominator=3
    )
    with pytest.raises(ValidationError, match="một nửa"):
        settings.full_clean()


# --- the base, the threshold and the written votes ----------------------------------------


@pytest.mark.parametrize(("written", "passes"), [((1, 0), True), ((0, 1), False), ((0, 0), False)])
def test_a_secret_ballot_for_a_90_percent_title_needs_the_absent_members_written_vote(
    tree, written, passes
):
    # 10 members, 9 present, 8 of them for: 8/10 = 80% without the absent member's written
    # vote, 9/10 = 90% with it.
    session = council(
        tree["office_a"],
        collectives=0,
        individuals=1,
        award_names=("Chiến sĩ thi đua cấp tỉnh (tập thể)", "Chiến sĩ thi đua cấp tỉnh"),
        members=members(10, 9, written=1),
        ballots=[(8, 1)],
        close=False,
        **HIGHER,
    )
    [vote] = session.votes.all()
    ballot = session.ballots.get()
    assert (ballot.base, ballot.threshold, ballot.secret) == (VoteBase.ALL_MEMBERS, 90, True)
    with pytest.raises(ValidationError, match="bỏ phiếu kín: ghi số phiếu phát ra"):
        close(session)

    services.votes_record(
        actor=SYSTEM,
        session=session,
        ballots={},
        written={vote.pk: written},
        counts={ballot.pk: {"ballots_issued": 9, "ballots_returned": 9, "ballots_valid": 9}},
    )
    session = close(session)

    assert results(session) == [("Giáo viên Thứ 1", passes)]


def test_the_70_percent_rule_counts_the_absent_members_consulted_in_writing(tree):
    # 10 members, 7 present, 2 of the 3 absent voted in writing: the base is 9.
    session = council(
        tree["office_a"],
        collectives=2,
        individuals=0,
        members=members(10, 7, written=2),
        ballots=[(6, 1), (5, 2)],
        close=False,
    )
    first, second = session.votes.order_by("id")
    services.votes_record(
        actor=SYSTEM,
        session=session,
        ballots={},
        written={first.pk: (0, 2), second.pk: (2, 0)},
    )
    session = close(session)

    # 6/9 = 66.7% fails (6 of the 7 present would have passed under the old rule); 7/9 passes.
    assert results(session) == [("Trường Tiểu học Số 1", False), ("Trường Tiểu học Số 2", True)]


def test_written_ballots_above_the_absent_members_who_voted_in_writing_are_refused(tree):
    session = council(
        tree["office_a"],
        collectives=1,
        individuals=0,
        members=members(10, 8, written=1),
        ballots=[(8, 0)],
        close=False,
    )
    vote = session.votes.get()

    with pytest.raises(ValidationError) as error:
        services.votes_record(actor=SYSTEM, session=session, ballots={}, written={vote.pk: (2, 0)})

    assert error.value.messages == [
        "Trường Tiểu học Số 1: 2 phiếu bằng văn bản, nhưng chỉ có 1 thành viên vắng mặt cho "
        "ý kiến bằng văn bản."
    ]
    vote.refresh_from_db()
    assert vote.written_for == 0


def test_a_present_member_does_not_vote_in_writing(tree):
    session = council(tree["office_a"], collectives=1, individuals=0, close=False)
    rows = members(10, 9)
    rows[2]["voted_in_writing"] = True
    with pytest.raises(ValidationError, match="Ủy viên 1 có mặt"):
        services.session_members_save(actor=SYSTEM, session=session, members=rows)


def test_secret_ballot_counts_are_checked(tree):
    session = council(
        tree["office_a"],
        collectives=0,
        individuals=1,
        members=members(10, 9, written=1),
        ballots=[(8, 1)],
        close=False,
        **HIGHER,
    )
    ballot = session.ballots.get()
    vote = session.votes.get()
    with pytest.raises(ValidationError) as error:
        services.votes_record(
            actor=SYSTEM,
            session=session,
            ballots={vote.pk: (8, 1)},
            counts={ballot.pk: {"ballots_issued": 9, "ballots_returned": 8, "ballots_valid": 8}},
        )
    assert error.value.messages == ["Giáo viên Thứ 1: 9 phiếu, nhưng chỉ có 8 phiếu hợp lệ."]
    with pytest.raises(ValidationError, match="10 phiếu phát ra, nhưng chỉ có 9"):
        services.votes_record(
            actor=SYSTEM,
            session=session,
            ballots={},
            counts={ballot.pk: {"ballots_issued": 10, "ballots_returned": 9, "ballots_valid": 9}},
        )


def test_a_later_change_of_the_award_type_does_not_rewrite_the_sessions_rule(tree):
    session = council(tree["office_a"], collectives=1, individuals=0, ballots=[(7, 2)], close=False)
    AwardType.objects.update(vote_threshold=90, vote_base=VoteBase.ALL_MEMBERS)

    session = close(session)

    assert results(session) == [("Trường Tiểu học Số 1", True)]  # 7/9 at 70% of those present
    assert session.ballots.get().threshold == 70


# --- the quota and the preference ---------------------------------------------------------


def test_the_quota_ranks_by_votes_then_prefers_the_woman_and_the_page_and_minutes_say_so(
    tree, client
):
    session = council(
        tree["office_a"],
        collectives=0,
        individuals=3,
        ballots=[(8, 1), (9, 0), (8, 1)],
        close=False,
    )
    first, second, third = session.votes.order_by("id")
    Person.objects.filter(pk=first.nomination.person_id).update(gender=Gender.MALE)
    Person.objects.filter(pk=third.nomination.person_id).update(gender=Gender.FEMALE)
    ballot = session.ballots.get()
    services.votes_record(
        actor=SYSTEM, session=session, ballots={}, counts={ballot.pk: {"quota": 2}}
    )

    session = close(session)

    first, second, third = session.votes.order_by("id")
    assert [(v.rank, v.approved, v.beyond_quota) for v in (second, third, first)] == [
        (1, True, False),
        (2, True, False),  # 8 votes like the first, and a woman
        (3, False, True),
    ]
    assert third.preference == Preference.WOMAN and not second.preference

    client.force_login(member(tree["office_a"], Role.AWARD_OFFICER))
    page = client.get(reverse("awards:council", args=[session.pk])).content.decode()
    assert "ưu tiên khi bằng phiếu: nữ" in page and "ngoài số lượng" in page

    text = minutes_text(session)
    assert "Số lượng được đề nghị tối đa: 02." in text
    assert (
        "1. Giáo viên Thứ 2 (100,0%); 2. Giáo viên Thứ 3 (88,9%, ưu tiên: nữ); "
        "3. Giáo viên Thứ 1 (88,9%, ngoài số lượng)." in text
    )
    assert "Đề nghị (ưu tiên: nữ)" in text and "Không đề nghị (ngoài số lượng)" in text


def test_a_collective_with_70_percent_women_is_preferred_on_equal_votes(tree):
    session = council(
        tree["office_a"], collectives=2, individuals=0, ballots=[(8, 1), (8, 1)], close=False
    )
    first, second = session.votes.order_by("id")
    women_school = second.nomination.unit
    for _ in range(7):
        PersonFactory(unit=women_school, gender=Gender.FEMALE)
    for _ in range(3):
        PersonFactory(unit=women_school, gender=Gender.MALE)
    PersonFactory(unit=women_school, gender=Gender.MALE, is_active=False)  # has left
    PersonFactory(unit=first.nomination.unit, gender=Gender.FEMALE)
    PersonFactory(unit=first.nomination.unit, gender=Gender.MALE)
    services.votes_record(
        actor=SYSTEM,
        session=session,
        ballots={},
        counts={session.ballots.get().pk: {"quota": 1}},
    )

    session = close(session)

    assert results(session) == [("Trường Tiểu học Số 1", False), ("Trường Tiểu học Số 2", True)]
    second.refresh_from_db()
    assert second.preference == Preference.WOMEN_COLLECTIVE
    assert "ưu tiên: tập thể có từ 70% nữ trở lên" in minutes_text(session)


def test_a_tie_the_preference_does_not_break_at_the_quota_is_refused(tree):
    session = council(
        tree["office_a"], collectives=0, individuals=2, ballots=[(8, 1), (8, 1)], close=False
    )
    services.votes_record(
        actor=SYSTEM,
        session=session,
        ballots={},
        counts={session.ballots.get().pk: {"quota": 1}},
    )
    with pytest.raises(ValidationError, match="Giáo viên Thứ 1, Giáo viên Thứ 2 bằng nhau"):
        close(session)


def test_without_the_quota_exceeded_there_is_no_ranking(tree):
    session = council(tree["office_a"], collectives=0, individuals=2, close=False)
    services.votes_record(
        actor=SYSTEM,
        session=session,
        ballots={},
        counts={session.ballots.get().pk: {"quota": 2}},
    )
    session = close(session)
    assert list(session.votes.values_list("rank", "approved")) == [(None, True), (None, True)]


# --- the minutes --------------------------------------------------------------------------


def minutes_text(session) -> str:
    session = CouncilSession.objects.select_related(
        "unit__kind", "campaign__number", "campaign__issuing_unit", "minutes_number"
    ).get(pk=session.pk)
    votes = list(selectors.session_votes(session))
    context = award_documents.minutes_context(session, votes, list(session.members.all()), None)
    document = render_pdf_bundle([("awards/minutes_pdf.html", context)])
    return " ".join(pdf_text(document.pdf, layout=False).split())


def test_the_minutes_state_attendance_written_votes_and_each_nominees_result(tree):
    session = council(
        tree["office_a"],
        collectives=0,
        individuals=2,
        award_names=("Chiến sĩ thi đua cấp tỉnh (tập thể)", "Chiến sĩ thi đua cấp tỉnh"),
        members=members(10, 9, written=1),
        ballots=[(8, 1), (7, 2)],
        close=False,
        **HIGHER,
    )
    first, second = session.votes.order_by("id")
    services.votes_record(
        actor=SYSTEM,
        session=session,
        ballots={},
        written={first.pk: (1, 0), second.pk: (1, 0)},
        counts={
            session.ballots.get().pk: {
                "ballots_issued": 9,
                "ballots_returned": 9,
                "ballots_valid": 9,
            }
        },
    )
    session = close(session)

    text = minutes_text(session)
    assert "Tổng số thành viên Hội đồng: 10 thành viên." in text
    assert "Có mặt 9/10 thành viên Hội đồng; vắng mặt 01 thành viên." in text
    assert "Vắng: Ủy viên 8 (có ý kiến bằng văn bản)." in text
    assert "Ý kiến bằng văn bản của thành viên vắng mặt: đã nhận 01 phiếu (Ủy viên 8)." in text
    assert "bảo đảm từ 2/3 tổng số thành viên Hội đồng trở lên" in text
    assert "1. Xét đề nghị tặng Chiến sĩ thi đua cấp tỉnh" in text
    assert (
        "Hình thức: bỏ phiếu kín; tập thể, cá nhân được đề nghị khi có từ 90% trở lên tổng số "
        "thành viên Hội đồng (10 thành viên) đồng ý; thành viên vắng mặt cho ý kiến bằng văn "
        "bản." in text
    )
    assert (
        "Số phiếu phát ra: 9; số phiếu thu về: 9; số phiếu hợp lệ: 9; số phiếu không hợp lệ: 0."
        in text
    )
    # Present for / against, written for / against, total for / base, share, result.
    assert "Giáo viên Thứ 1 (Trường Tiểu học Số 1) 8 1 1 0 9/10 90,0% Đề nghị" in text
    assert "Giáo viên Thứ 2 (Trường Tiểu học Số 2) 7 2 1 0 8/10 80,0% Không đề nghị" in text
    assert "Hội đồng thống nhất đề nghị khen thưởng 01 cá nhân." in text


def test_the_minutes_of_an_open_vote_name_the_show_of_hands_and_those_consulted(tree):
    session = council(
        tree["office_a"],
        collectives=1,
        individuals=0,
        members=members(10, 8),
        ballots=[(7, 1)],
    )
    text = minutes_text(session)
    assert (
        "Hình thức: biểu quyết giơ tay; tập thể, cá nhân được đề nghị khi có từ 70% trở lên "
        "số thành viên Hội đồng dự họp và được lấy ý kiến (08 thành viên) đồng ý." in text
    )
    assert "Ý kiến bằng văn bản của thành viên vắng mặt: không có." in text
    assert "Vắng: Ủy viên 7, Ủy viên 8." in text


# --- the defaults -------------------------------------------------------------------------


def test_a_department_starts_with_the_provincial_title_by_secret_ballot_of_all_members(tree):
    department = tree["department"]
    types = {t.name: t for t in award_types_ensure(tenant=department.tenant, root=department)}

    provincial = types["Chiến sĩ thi đua cấp tỉnh"]
    assert (provincial.vote_base, provincial.vote_threshold, provincial.secret_ballot) == (
        VoteBase.ALL_MEMBERS,
        90,
        True,
    )
    for name in ("Lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Tập thể lao động tiên tiến"):
        rule = (types[name].vote_base, types[name].vote_threshold, types[name].secret_ballot)
        assert rule == (VoteBase.ATTENDING, 70, False), name
    office = tree["office_a"]
    assert "Chiến sĩ thi đua cấp tỉnh" not in {
        t.name for t in award_types_ensure(tenant=office.tenant, root=office)
    }


# --- the page -----------------------------------------------------------------------------


def test_the_page_records_written_votes_and_the_secret_ballots_count_and_keeps_bad_input(
    tree, client
):
    session = council(
        tree["office_a"],
        collectives=0,
        individuals=1,
        members=members(10, 9, written=1),
        ballots=[(8, 1)],
        close=False,
        **HIGHER,
    )
    vote, ballot = session.votes.get(), session.ballots.get()
    client.force_login(member(tree["office_a"], Role.AWARD_OFFICER))
    url = reverse("awards:council_votes", args=[session.pk])
    data = {
        f"for_{vote.pk}": "8",
        f"against_{vote.pk}": "1",
        f"written_for_{vote.pk}": "2",
        f"written_against_{vote.pk}": "0",
        f"quota_{ballot.pk}": "",
        f"ballots_issued_{ballot.pk}": "9",
        f"ballots_returned_{ballot.pk}": "9",
        f"ballots_valid_{ballot.pk}": "9",
    }

    page = client.post(url, data)

    text = page.content.decode()
    assert page.status_code == 200
    assert "2 phiếu bằng văn bản, nhưng chỉ có 1 thành viên vắng mặt" in text
    assert f'name="written_for_{vote.pk}" value="2"' in text
    assert "Bỏ phiếu kín" in text and "90% trở lên đồng ý, tính trên: tổng số thành viên" in text

    data[f"written_for_{vote.pk}"] = "1"
    assert client.post(url, data).status_code == 302
    close_url = reverse("awards:council_close", args=[session.pk])
    assert client.post(close_url, {"ends_at": "10:30"}).status_code == 302

    page = client.get(reverse("awards:council", args=[session.pk])).content.decode()
    assert "9/10 (90,0%)" in page and "phiếu phát ra 9, thu về 9, hợp lệ 9" in page
    assert "text-bg-success" in page  # approved


def test_the_members_form_records_who_voted_in_writing(tree, client):
    session = council(tree["office_a"], collectives=1, individuals=0, close=False)
    client.force_login(member(tree["office_a"], Role.AWARD_OFFICER))
    rows = members(10, 8, written=1)
    data = {"members-TOTAL_FORMS": str(len(rows)), "members-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data[f"members-{index}-full_name"] = row["full_name"]
        data[f"members-{index}-role"] = row["role"]
        if row.get("present", True):
            data[f"members-{index}-present"] = "on"
        if row.get("voted_in_writing"):
            data[f"members-{index}-voted_in_writing"] = "on"

    response = client.post(reverse("awards:council_members", args=[session.pk]), data)

    assert response.status_code == 302
    assert services.attendance(session) == services.Attendance(total=10, present=8, consulted=1)
    page = client.get(reverse("awards:council", args=[session.pk])).content.decode()
    assert "8/10 thành viên có mặt, 1 thành viên vắng mặt có ý kiến bằng văn bản" in page
