"""Existing award types take the rules of their title in the law (migration 0007): matched by
name, the accepted-initiative requirement kept, "Chiến sĩ thi đua cơ sở" asking for a
recognised initiative."""

import importlib

from awards.defaults import TITLE_RULES, legal_title_of

migration = importlib.import_module("awards.migrations.0007_eligibility_rules_defaults")


def test_existing_award_types_take_the_rules_of_their_title():
    assert migration.rules_for("Tập thể Lao động xuất sắc", False) == {
        "legal_title": "excellent_collective",
        "initiative_rule": "none",
        "member_discipline_level": "warning",
    }
    fighter = migration.rules_for("Chiến sĩ thi đua cơ sở", True)
    assert fighter["initiative_rule"] == "recognised" and fighter["min_months_worked"] == 10
    assert migration.rules_for("Lao động tiên tiến", False)["legal_title"] == "advanced_worker"
    assert migration.rules_for("Khen thưởng chuyên đề CCHC", True) == {
        "legal_title": "other",
        "initiative_rule": "accepted",
    }


def test_the_migrations_copy_matches_the_defaults_of_today():
    for name in (
        "Lao động tiên tiến",
        "Chiến sĩ thi đua cơ sở",
        "Tập thể lao động tiên tiến",
        "Tập thể lao động xuất sắc",
        "Giấy khen của Chủ tịch",
        "Bằng khen của Bộ trưởng",
        "Khác",
    ):
        copied = migration.rules_for(name, False)
        title = legal_title_of(name)
        assert copied["legal_title"] == title
        for field, value in copied.items():
            if field != "legal_title":
                assert TITLE_RULES[title][field] == value, (name, field)
