"""The tenant administrator sets up award types in Vietnamese: the dossier's documents one per
line (stored as the JSON list the dossier reads), who is awarded and the lowest rating as
choices, and the council's settings once per tenant."""

import pytest
from django.urls import reverse

from awards.admin_forms import AwardTypeAdminForm
from awards.models import AwardSettings, AwardType, Rating, Subject, VoteBase
from tests.factories import award_type, member
from units.models import Role

pytestmark = pytest.mark.django_db

ADD = reverse("admin:awards_awardtype_add")


@pytest.fixture
def admin_client(client, tree):
    client.force_login(member(tree["department"], Role.TENANT_ADMIN))
    return client


def _award(**fields):
    return {
        "name": "Chiến sĩ thi đua cơ sở",
        "subject": Subject.INDIVIDUAL,
        "conferring_authority": "Chủ tịch Ủy ban nhân dân phường Sài Gòn",
        "criteria": "",
        "dossier_parts": "",
        "min_rating": Rating.EXCELLENT,
        "legal_title": "emulation_fighter",
        "person_discipline_level": "reprimand",
        "person_breach_kinds": ["code_of_conduct", "harassment"],
        "member_discipline_level": "",
        "pending_bars": "on",
        "counts_from_discipline_end": "on",
        "min_months_worked": "10",
        "initiative_rule": "recognised",
        "vote_base": VoteBase.ATTENDING,
        "vote_threshold": "70",
        "is_active": "on",
        "_save": "Lưu",
        **fields,
    }


def test_dossier_parts_typed_one_per_line_are_stored_as_a_list(admin_client, tree):
    answer = admin_client.post(
        ADD,
        _award(dossier_parts="Tờ trình đề nghị khen thưởng\r\n\r\n  Báo cáo thành tích  \r\n"),
    )

    assert answer.status_code == 302
    award = AwardType.objects.get(name="Chiến sĩ thi đua cơ sở")
    assert award.dossier_parts == ["Tờ trình đề nghị khen thưởng", "Báo cáo thành tích"]
    assert award.tenant == tree["department"].tenant
    assert award.min_rating == Rating.EXCELLENT


def test_the_change_page_shows_the_dossier_parts_as_lines_not_json(admin_client, tree):
    award = award_type(
        tree["department"].tenant, dossier_parts=["Tờ trình", "Biên bản họp Hội đồng"]
    )

    page = admin_client.get(reverse("admin:awards_awardtype_change", args=[award.pk]))

    html = page.content.decode()
    assert "Tờ trình\nBiên bản họp Hội đồng</textarea>" in html
    assert "[&quot;" not in html and '["' not in html


def test_subject_and_lowest_rating_are_radio_choices_without_the_ratings_the_law_refuses(
    admin_client,
):
    page = admin_client.get(ADD)

    html = page.content.decode()
    assert 'type="radio" name="subject" value="collective"' in html
    assert 'type="radio" name="min_rating" value="good"' in html
    assert 'value="completed"' not in html and 'value="not_completed"' not in html
    assert "Hoàn thành tốt nhiệm vụ" in html


def test_a_rating_below_good_is_refused_in_vietnamese(admin_client):
    answer = admin_client.post(ADD, _award(min_rating=Rating.COMPLETED))

    assert answer.status_code == 200
    assert not AwardType.objects.exists()
    assert "Hãy chọn một lựa chọn hợp lệ" in answer.content.decode()


def test_a_type_saved_with_a_lower_rating_shows_as_well_completed():
    award = AwardType(min_rating=Rating.COMPLETED, pk=1)

    form = AwardTypeAdminForm(instance=award)

    assert form.initial["min_rating"] == Rating.GOOD


def test_an_overlong_dossier_line_is_refused_with_its_line_number(admin_client):
    answer = admin_client.post(ADD, _award(dossier_parts="Tờ trình\n" + "x" * 501))

    assert answer.status_code == 200
    assert "Dòng 2" in answer.content.decode()
    assert not AwardType.objects.exists()


def test_the_council_settings_are_added_once_then_only_edited(admin_client, tree):
    add = reverse("admin:awards_awardsettings_add")
    assert admin_client.get(add).status_code == 200

    # A quorum below one half is refused; three quarters is kept.
    data = {"quorum_numerator": "1", "quorum_denominator": "3", "_save": "Lưu"}
    answer = admin_client.post(add, data)
    assert answer.status_code == 200 and "từ một nửa đến toàn bộ" in answer.content.decode()

    answer = admin_client.post(add, {**data, "quorum_numerator": "3", "quorum_denominator": "4"})

    assert answer.status_code == 302
    settings = AwardSettings.objects.get(tenant=tree["department"].tenant)
    assert (settings.quorum_numerator, settings.quorum_denominator) == (3, 4)
    assert admin_client.get(add).status_code == 403


def test_the_council_rule_of_an_award_type_is_set_in_the_admin(admin_client, tree):
    answer = admin_client.post(
        ADD,
        _award(
            name="Chiến sĩ thi đua cấp tỉnh",
            vote_base=VoteBase.ALL_MEMBERS,
            vote_threshold="90",
            secret_ballot="on",
        ),
    )

    assert answer.status_code == 302
    award = AwardType.objects.get()
    assert (award.vote_base, award.vote_threshold, award.secret_ballot) == (
        VoteBase.ALL_MEMBERS,
        90,
        True,
    )
    answer = admin_client.post(ADD, _award(name="Quá thấp", vote_threshold="40"))
    assert answer.status_code == 200 and not AwardType.objects.filter(name="Quá thấp").exists()
