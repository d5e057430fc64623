"""Existing award types take the law's rules and the defaults of their title (matched by name,
as `awards.defaults.legal_title_of` does); a type that asked for an accepted initiative keeps
asking for one, and "Chiến sĩ thi đua cơ sở" now asks for a recognised one (the law). A copy of
the rules of the time: a migration never imports code that may change."""

import unicodedata

from django.db import migrations


def _fold(text):
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


TITLES = (
    ("tap the lao dong xuat sac", "excellent_collective"),
    ("tap the lao dong tien tien", "advanced_collective"),
    ("chien si thi dua co so", "emulation_fighter"),
    ("lao dong tien tien", "advanced_worker"),
    ("giay khen", "certificate"),
    ("bang khen", "merit"),
)
RULES = {
    "advanced_worker": {"min_months_worked": 10},
    "emulation_fighter": {"min_months_worked": 10, "initiative_rule": "recognised"},
    "advanced_collective": {"member_discipline_level": "warning"},
    "excellent_collective": {"member_discipline_level": "warning"},
}


def rules_for(name: str, requires_accepted_initiative: bool) -> dict:
    """The fields an existing award type of `name` takes."""
    folded = _fold(name)
    title = next((t for prefix, t in TITLES if folded.startswith(prefix)), "other")
    initiative = "accepted" if requires_accepted_initiative else "none"
    return {"legal_title": title, "initiative_rule": initiative, **RULES.get(title, {})}


def forwards(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    for award in AwardType.objects.all():
        for field, value in rules_for(award.name, award.requires_accepted_initiative).items():
            setattr(award, field, value)
        award.save()


def backwards(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    for award in AwardType.objects.all():
        award.requires_accepted_initiative = award.initiative_rule != "none"
        award.save(update_fields=["requires_accepted_initiative"])


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0006_eligibility_rules"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
