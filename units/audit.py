"""The change log in the user's words (django-simple-history rows, read for the tenant
administrator).

Each row says who, when (local time, to the minute) and, for a change, each field's old and
new value as a user reads it: a choice's label ("Dự thảo → Đã ban hành", not "draft →
launched"), "Có/Không" for a yes/no field, dates dd/mm/yyyy, a related row's name or number
(the plan's number "112/KH-MNCG", not its id). Saves that changed nothing a user can see are
left out. The number of queries does not grow with the rows: one per tracked model for its
latest rows (each with the id of its previous version, by subquery), one per model on the
page for those previous versions, one per related model named by a changed field, and a few
to label the rows whose name reads a related row (`LABEL_RELATED`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.fields.related import ForeignKey
from django.db.models.query import prefetch_related_objects
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import Person, mask_citizen_id

# The related rows a model's name reads (its __str__), loaded together for a page of rows.
LABEL_RELATED = {
    "units.membership": ("user", "unit"),
    "documents.signingcertificate": ("unit",),
    "campaign.kpitarget": ("indicator",),
    "campaign.participation": ("unit", "campaign"),
    "campaign.deadlineextension": ("unit", "deadline"),
    "campaign.remindersettings": ("tenant",),
    "initiatives.consolidation": ("unit", "deadline"),
    "initiatives.score": ("initiative", "criterion"),
    "initiatives.reviewassignment": ("reviewer", "initiative"),
    "initiatives.resultreport": ("initiative",),
    "reports.periodicreport": ("unit",),
    "reports.reportfigure": ("target__indicator",),
    "reports.apitoken": ("unit",),
    "awards.conductrecord": ("person",),
    "awards.nomination": ("person", "unit", "award_type"),
    "awards.awardsettings": ("tenant",),
    "awards.councilsession": ("unit",),
    "awards.councilvote": ("nomination__person", "nomination__unit", "nomination__award_type"),
}


# JSON fields holding codes of a list of choices (a list of them, or a dict keyed by them):
# "model label.field" → the dotted path of their choices, imported when a page shows one.
JSON_CHOICES = {
    "campaign.reportschedule.periods": "campaign.models.ReportPeriod",
    "reports.periodicreport.narratives": "initiatives.models.CchcArea",
}


@dataclass
class AuditEntry:
    when: datetime.datetime
    who: str
    kind: str  # "+", "~" or "-"
    model_name: str
    object_label: str
    changes: list = field(default_factory=list)  # (field label, old, new), as read


def local_minute(value: datetime.datetime) -> str:
    """ "05/12/2026 23:07" in the site's time zone."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y %H:%M")


def _label_of(model) -> str:
    return model._meta.label_lower


class _Labels:
    """Names of related rows by (model, pk), loaded one query per related model."""

    def __init__(self):
        self.wanted: dict[type, set] = defaultdict(set)
        self.found: dict[tuple[type, object], str] = {}

    def want(self, model, pk) -> None:
        if pk not in (None, ""):
            self.wanted[model].add(pk)

    def load(self) -> None:
        for model, pks in self.wanted.items():
            rows = model._base_manager.filter(pk__in=pks)
            related = LABEL_RELATED.get(_label_of(model))
            if related:
                rows = rows.select_related(*related)
            for row in rows:
                self.found[(model, row.pk)] = str(row)

    def get(self, model, pk) -> str:
        # A row deleted since keeps its number: better than nothing.
        return self.found.get((model, pk), f"#{pk}")


def _readable(model_field, value, labels: _Labels) -> str | None:
    """The value as a user reads it; None for "nothing" (shown as a dash). A personal
    identification number shows masked: the log of changes has no need of it in full."""
    if value is None or value == "":
        return None
    if model_field.model is Person and model_field.name == "citizen_id":
        return mask_citizen_id(value)
    if isinstance(model_field, ForeignKey):
        return labels.get(model_field.related_model, value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(model_field, models.DateTimeField):
        return local_minute(value)
    if isinstance(model_field, models.DateField):
        return value.strftime("%d/%m/%Y")
    if isinstance(model_field, models.TimeField):
        return value.strftime("%H:%M")
    if isinstance(value, list | tuple | dict):
        choices = _json_choices(model_field)
        if isinstance(value, dict):
            parts = [f"{choices.get(k, k)}: {v}" for k, v in value.items() if v not in (None, "")]
        else:
            parts = [str(choices.get(item, item)) for item in value]
        joined = ("; " if isinstance(value, dict) else ", ").join(parts)
        return joined or None
    return str(value)


def _json_choices(model_field) -> dict:
    path = JSON_CHOICES.get(f"{_label_of(model_field.model)}.{model_field.name}")
    return {str(k): str(v) for k, v in import_string(path).choices} if path else {}


def _diff(record, previous) -> list:
    """(model field, old, new) for every editable tracked field whose value changed."""
    changes = []
    for tracked in record.tracked_fields:
        if not tracked.editable:
            continue
        old = getattr(previous, tracked.attname)
        new = getattr(record, tracked.attname)
        if old != new and not (old in (None, "") and new in (None, "")):
            model_field = record.instance_type._meta.get_field(tracked.name)
            changes.append((model_field, old, new))
    return changes


def audit_trail(history_models, lookups, tenant_id: int, *, before=None, limit: int = 50):
    """(entries, cursor): the tenant's latest `limit` history rows across `history_models`
    (with `lookups[model]` the path to the tenant id), newest first, as read by a user, saves
    that changed nothing left out; `cursor` is the moment to ask for older rows from, or
    None when there are none."""
    rows = []
    for model in history_models:
        records = model.objects.filter(**{lookups[model]: tenant_id})
        if before is not None:
            records = records.filter(history_date__lt=before)
        # The version before: earlier, or at the same instant and written before.
        earlier = Q(history_date__lt=OuterRef("history_date")) | Q(
            history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
        )
        previous = (
            model.objects.filter(earlier, id=OuterRef("id"))
            .order_by("-history_date", "-history_id")
            .values("history_id")[:1]
        )
        rows += (
            records.select_related("history_user")
            .annotate(previous_id=Subquery(previous))
            .order_by("-history_date", "-history_id")[:limit]
        )
    rows.sort(key=lambda record: record.history_date, reverse=True)
    rows = rows[:limit]
    cursor = rows[-1].history_date if len(rows) == limit else None

    # The previous version of each changed row: one query per model.
    wanted = defaultdict(list)
    for record in rows:
        if record.history_type == "~" and record.previous_id is not None:
            wanted[type(record)].append(record.previous_id)
    previous_rows = {}
    for model, ids in wanted.items():
        for previous in model.objects.filter(history_id__in=ids):
            previous_rows[(model, previous.history_id)] = previous

    labels = _Labels()
    diffs = {}
    for record in rows:
        previous = previous_rows.get((type(record), record.previous_id))
        if record.history_type == "~" and previous is not None:
            diffs[record] = changes = _diff(record, previous)
            for model_field, old, new in changes:
                if isinstance(model_field, ForeignKey):
                    labels.want(model_field.related_model, old)
                    labels.want(model_field.related_model, new)
    labels.load()

    # The rows' own names, the related rows they read loaded per model.
    objects_by_model = defaultdict(list)
    objects = {}
    for record in rows:
        objects[record] = instance = record.history_object
        objects_by_model[type(instance)].append(instance)
    for model, instances in objects_by_model.items():
        related = LABEL_RELATED.get(_label_of(model))
        if related:
            prefetch_related_objects(instances, *related)

    entries = []
    for record in rows:
        changes = [
            (
                str(model_field.verbose_name),
                _readable(model_field, old, labels),
                _readable(model_field, new, labels),
            )
            for model_field, old, new in diffs.get(record, [])
        ]
        if record.history_type == "~" and not changes:
            continue
        user = record.history_user
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else "",
                kind=record.history_type,
                model_name=str(record.instance_type._meta.verbose_name),
                object_label=str(objects[record]),
                changes=changes,
            )
        )
    return entries, cursor
