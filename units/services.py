"""Every write to the unit tree, users and memberships.

treebeard writes paths with raw SQL outside the ORM's view, so every tree write runs in a
transaction holding a lock on the tenant row: two administrators restructuring the same tenant
queue behind each other instead of computing the same new path.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Membership, Role, Tenant, Unit, UnitChange, User
from .resources import (
    ROW_NUMBER,
    UNIT_COLUMNS,
    UNIT_REQUIRED,
    UNITS_SHEET,
    USER_COLUMNS,
    USER_REQUIRED,
    USERS_SHEET,
    UnitResource,
    UserResource,
    WorkbookError,
    parents_first,
    read_sheet,
)
from .selectors import forget_cached_scope, is_tenant_admin


def _require_tenant_admin(actor: User | None, tenant_id: int) -> None:
    # actor=None is the system itself (demo loader, imports already checked by their caller).
    if actor is None or actor.is_superuser:
        return
    if not is_tenant_admin(actor, tenant_id):
        raise PermissionDenied(_("Only the tenant administrator can change the unit tree."))


def _lock_tree(tenant_id: int) -> None:
    Tenant.objects.select_for_update().get(pk=tenant_id)


def _fresh(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.pk)


@transaction.atomic
def unit_create(
    *, actor: User | None, tenant: Tenant, parent: Unit | None = None, **fields
) -> Unit:
    _require_tenant_admin(actor, tenant.pk)
    _lock_tree(tenant.pk)
    if parent is not None:
        parent = _fresh(parent)
        if parent.tenant_id != tenant.pk:
            raise ValidationError(_("The parent unit belongs to another tenant."))
        if not parent.is_active:
            raise ValidationError(_("A dissolved unit cannot receive new units."))
    unit = Unit(tenant=tenant, **fields)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    if parent is None:
        return Unit.objects.add_root(instance=unit)
    return Unit.objects.add_child(parent, instance=unit)


@transaction.atomic
def unit_update(*, actor: User | None, unit: Unit, **fields) -> Unit:
    """Change a unit's own data (name, code, kind...); its place in the tree moves only through
    `unit_move`."""
    _require_tenant_admin(actor, unit.tenant_id)
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    unit.save()
    return unit


def _check_new_parent(unit: Unit, new_parent: Unit) -> None:
    if new_parent.tenant_id != unit.tenant_id:
        raise ValidationError(_("A unit can only move within its own tenant."))
    if not new_parent.is_active:
        raise ValidationError(
            _("%(unit)s is dissolved and cannot receive units.") % {"unit": new_parent}
        )
    if new_parent.path.startswith(unit.path):
        raise ValidationError(_("A unit cannot move under itself or one of its own units."))


def _move(unit: Unit, new_parent: Unit, *, actor, effective_on, note) -> UnitChange:
    old_parent = Unit.objects.get_parent(unit, update=True)
    Unit.objects.move(unit, new_parent, pos="last-child")
    return UnitChange.objects.create(
        tenant_id=unit.tenant_id,
        unit=unit,
        kind=UnitChange.Kind.MOVED,
        old_parent=old_parent,
        new_parent=new_parent,
        effective_on=effective_on,
        note=note,
        actor=actor,
    )


@transaction.atomic
def unit_move(
    *,
    actor: User | None,
    unit: Unit,
    new_parent: Unit,
    effective_on: datetime.date | None = None,
    note: str = "",
) -> Unit:
    """Move a unit with its whole subtree under another parent. Records keep pointing at the
    unit (its id never changes); who sees it follows the tree as it is now."""
    _require_tenant_admin(actor, unit.tenant_id)
    _lock_tree(unit.tenant_id)
    unit, new_parent = _fresh(unit), _fresh(new_parent)
    _check_new_parent(unit, new_parent)
    if Unit.objects.get_parent(unit) == new_parent:
        raise ValidationError(_("The unit is already under %(unit)s.") % {"unit": new_parent})
    _move(
        unit, new_parent, actor=actor, effective_on=effective_on or timezone.localdate(), note=note
    )
    return _fresh(unit)


@transaction.atomic
def unit_dissolve(
    *,
    actor: User | None,
    unit: Unit,
    children_to: Unit | None,
    successor: Unit | None = None,
    effective_on: datetime.date | None = None,
    note: str = "",
    kind: str = UnitChange.Kind.DISSOLVED,
) -> Unit:
    """Dissolve a unit: its active units below move under `children_to` (e.g. the schools of a
    Phòng GD&ĐT under the new UBND phường), the unit itself stays in the tree, marked dissolved,
    so earlier campaigns and documents still show it."""
    _require_tenant_admin(actor, unit.tenant_id)
    _lock_tree(unit.tenant_id)
    unit = _fresh(unit)
    effective_on = effective_on or timezone.localdate()
    if not unit.is_active:
        raise ValidationError(_("%(unit)s is already dissolved.") % {"unit": unit})
    children = list(Unit.objects.get_children(unit).filter(status=Unit.Status.ACTIVE))
    if children and children_to is None:
        raise ValidationError(
            _("Choose where the %(count)d units below %(unit)s move to.")
            % {"count": len(children), "unit": unit}
        )
    if successor is not None:
        successor = _fresh(successor)
        if successor.pk == unit.pk or successor.tenant_id != unit.tenant_id:
            raise ValidationError(_("Choose another unit of the same tenant as successor."))
        if not successor.is_active:
            raise ValidationError(
                _("%(unit)s is dissolved and cannot be a successor.") % {"unit": successor}
            )
    if children_to is not None:
        children_to = _fresh(children_to)
        _check_new_parent(unit, children_to)
        for child in children:
            # treebeard reads the target's child count from the instance: reload it each time.
            target = _fresh(children_to)
            _move(_fresh(child), target, actor=actor, effective_on=effective_on, note=note)
    unit = _fresh(unit)
    unit.status = Unit.Status.DISSOLVED
    unit.dissolved_on = effective_on
    unit.successor = successor
    unit.save(update_fields=["status", "dissolved_on", "successor"])
    UnitChange.objects.create(
        tenant_id=unit.tenant_id,
        unit=unit,
        kind=kind,
        old_parent=Unit.objects.get_parent(unit),
        successor=successor,
        new_parent=children_to,
        effective_on=effective_on,
        note=note,
        actor=actor,
    )
    return unit


@transaction.atomic
def unit_merge(
    *,
    actor: User | None,
    unit: Unit,
    into: Unit,
    effective_on: datetime.date | None = None,
    note: str = "",
) -> Unit:
    """Merge `unit` into `into`: its units and its staff move to `into`, which becomes its
    successor. Past records keep pointing at the merged unit."""
    unit = unit_dissolve(
        actor=actor,
        unit=unit,
        children_to=into,
        successor=into,
        effective_on=effective_on,
        note=note,
        kind=UnitChange.Kind.MERGED,
    )
    unit.people.update(unit=into)
    return unit


@transaction.atomic
def membership_grant(*, actor: User | None, user: User, unit: Unit, role: str) -> Membership:
    _require_tenant_admin(actor, unit.tenant_id)
    if user.tenant_id != unit.tenant_id:
        raise ValidationError(_("The user and the unit belong to different tenants."))
    if role not in Role.values:
        raise ValidationError(_("Unknown role: %(role)s.") % {"role": role})
    membership, _created = Membership.objects.get_or_create(
        user=user, unit=unit, role=role, defaults={"tenant_id": unit.tenant_id}
    )
    if role == Role.TENANT_ADMIN and not user.is_staff:
        # The tenant administrator manages the tree and users in the Django admin.
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    forget_cached_scope(user)
    return membership


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    tenant: Tenant,
    username: str,
    full_name: str,
    email: str = "",
    password: str | None = None,
) -> User:
    _require_tenant_admin(actor, tenant.pk)
    user = User(tenant=tenant, username=username, full_name=full_name, email=email)
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@dataclass
class ImportRow:
    sheet: str
    row_number: int
    label: str
    action: str  # "new", "update" or "error"
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    dry_run: bool
    file_errors: list[str] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)

    @property
    def error_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors or self.error_rows)

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.has_errors

    def count(self, sheet: str, action: str) -> int:
        return sum(1 for row in self.rows if row.sheet == sheet and row.action == action)


def import_report_rows(sheet, dataset, result, columns, label_field) -> list[ImportRow]:
    report = []
    for values, row_result in zip(dataset.dict, result.rows, strict=True):
        messages = []
        error = row_result.validation_error
        if error is not None:
            by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            for name, field_messages in by_field.items():
                column = columns.get(name)
                messages += [f"{column}: {m}" if column else m for m in field_messages]
        messages += [str(e.error) for e in row_result.errors]
        report.append(
            ImportRow(
                sheet=sheet,
                row_number=values[ROW_NUMBER],
                label=str(values.get(columns[label_field]) or ""),
                action="error" if messages else row_result.import_type,
                errors=messages,
            )
        )
    return report


def unit_tree_import(
    *, actor: User | None, tenant: Tenant, file, dry_run: bool = True
) -> ImportReport:
    """Import a workbook of units (sheet "Đơn vị") and users (sheet "Người dùng", optional).
    All or nothing: the rows are written only when no row of either sheet has an error and
    this is not a dry run. A dry run goes through every real write, then rolls back, so the
    preview reports exactly what the import would do."""
    from openpyxl import load_workbook

    _require_tenant_admin(actor, tenant.pk)
    report = ImportReport(dry_run=dry_run)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises a dozen types for a file that is not a workbook
        report.file_errors.append(_("The file is not an Excel workbook (.xlsx) that can be read."))
        return report
    try:
        if UNITS_SHEET not in workbook.sheetnames:
            raise WorkbookError(
                _('The workbook has no sheet named "%(sheet)s".') % {"sheet": UNITS_SHEET}
            )
        units = parents_first(read_sheet(workbook, UNITS_SHEET, UNIT_COLUMNS, UNIT_REQUIRED))
        users = None
        if USERS_SHEET in workbook.sheetnames:
            users = read_sheet(workbook, USERS_SHEET, USER_COLUMNS, USER_REQUIRED)
    except WorkbookError as exc:
        report.file_errors.append(str(exc))
        return report
    finally:
        workbook.close()

    with transaction.atomic():
        _lock_tree(tenant.pk)
        result = UnitResource(tenant=tenant).import_data(units, use_transactions=True)
        report.rows += import_report_rows(UNITS_SHEET, units, result, UNIT_COLUMNS, "code")
        if users is not None:
            result = UserResource(tenant=tenant).import_data(users, use_transactions=True)
            report.rows += import_report_rows(USERS_SHEET, users, result, USER_COLUMNS, "username")
        if not report.rows:
            report.file_errors.append(_("The workbook has no rows to import."))
        report.rows.sort(key=lambda row: (row.sheet != UNITS_SHEET, row.row_number))
        if dry_run or report.has_errors:
            transaction.set_rollback(True)
    return report
