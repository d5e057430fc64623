"""django-import-export resource for registrations collected offline (sheet "Đăng ký"): the
receiving unit imports the Mẫu 1 forms that schools sent by e-mail or on paper.

Every check is a validation error on its row, so one dry run lists every bad row;
`services.registrations_import` writes nothing unless the whole sheet is valid.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from campaign.models import Deadline
from core.imports import cell_key, cell_text
from core.text import fold
from units.models import Person, Unit
from units.resources import TenantResource

from .models import CchcArea, Initiative, InitiativeKind

SHEET = "Đăng ký"
COLUMNS = {
    "unit_code": "Mã đơn vị",
    "name": "Tên mô hình, giải pháp, sáng kiến",
    "kind": "Loại",
    "area": "Lĩnh vực CCHC",
    "person_in_charge": "Người phụ trách",
    "situation": "Thực trạng và sự cần thiết",
    "objectives": "Mục tiêu",
    "steps": "Các bước thực hiện và tiến độ",
    "expected_results": "Kết quả dự kiến",
    "scope": "Phạm vi áp dụng và khả năng nhân rộng",
}
REQUIRED = ("unit_code", "name", "kind", "area", "situation", "objectives", "expected_results")


def _choices(choices) -> dict[str, str]:
    found = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for value, label in choices:
                found[cell_key(value)] = value
                found[cell_key(label)] = value
    return found


class RegistrationResource(TenantResource):
    columns = COLUMNS

    class Meta:
        model = Initiative
        fields = ()
        import_id_fields = ()
        skip_diff = True
        clean_model_instances = False

    def __init__(self, *, deadline: Deadline, write):
        """`write(actor=, deadline=, now=, **fields)` records one valid row
        (`services.registration_import_row`)."""
        super().__init__(tenant=deadline.phase.campaign.tenant)
        self.deadline = deadline
        self.write = write
        campaign = deadline.phase.campaign
        self.units = {
            u.code: u
            for u in Unit.objects.filter(participations__campaign=campaign).only(
                "pk", "code", "name"
            )
        }
        self.kinds = _choices(InitiativeKind.choices)
        self.areas = _choices(CchcArea.choices)
        self.people = {
            (p.unit_id, fold(p.full_name)): p
            for p in Person.objects.filter(
                unit_id__in=[u.pk for u in self.units.values()], is_active=True
            )
        }
        self.pending: dict[int, dict] = {}

    def get_instance(self, instance_loader, row):
        return None  # every row is a new registration

    def init_instance(self, row=None):
        return Initiative(tenant=self.tenant)

    def row_errors(self, instance, row):
        yield from self.missing(row, REQUIRED)
        values = {name: cell_text(row.get(column)) for name, column in COLUMNS.items()}
        unit = self.units.get(values["unit_code"].upper())
        if values["unit_code"] and unit is None:
            yield (
                "unit_code",
                _("%(code)s does not take part in this plan.") % {"code": values["unit_code"]},
            )
        kind = self.kinds.get(cell_key(values["kind"]))
        if values["kind"] and kind is None:
            yield "kind", _('Unknown kind "%(value)s".') % {"value": values["kind"]}
        area = self.areas.get(cell_key(values["area"]))
        if values["area"] and area is None:
            yield "area", _('Unknown CCHC area "%(value)s".') % {"value": values["area"]}
        person = None
        if unit is not None and values["person_in_charge"]:
            person = self.people.get((unit.pk, fold(values["person_in_charge"])))
            if person is None:
                yield (
                    "person_in_charge",
                    _("%(name)s is not on the staff of %(unit)s.")
                    % {
                        "name": values["person_in_charge"],
                        "unit": unit.name,
                    },
                )
        self.pending[id(instance)] = {
            "unit": unit,
            "person_in_charge": person,
            "kind": kind,
            "area": area,
            **{
                name: values[name]
                for name in (
                    "name",
                    "situation",
                    "objectives",
                    "steps",
                    "expected_results",
                    "scope",
                )
            },
        }

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        fields = self.pending.pop(id(instance))
        saved = self.write(actor=self.actor, deadline=self.deadline, now=self.now, **fields)
        instance.pk = saved.pk
