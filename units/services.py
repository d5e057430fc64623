"""Every write to the unit tree, users and memberships.

treebeard writes paths with raw SQL outside the ORM's view, so every tree write runs in a
transaction holding a lock on the tenant row: two administrators restructuring the same tenant
queue behind each other instead of computing the same new path.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.imports import ImportReport, import_report_rows, read_workbook

from . import rules
from .models import (
    CitizenIdView,
    Membership,
    Person,
    Role,
    Tenant,
    Unit,
    UnitChange,
    User,
)
from .permissions import Actor, as_user, is_system
from .resources import (
    STAFF_COLUMNS,
    STAFF_REQUIRED,
    STAFF_SHEET,
    UNIT_COLUMNS,
    UNIT_REQUIRED,
    UNITS_SHEET,
    USER_COLUMNS,
    USER_REQUIRED,
    USERS_SHEET,
    StaffResource,
    UnitResource,
    UserResource,
    parents_first,
)
from .rules import can_manage_tree
from .selectors import forget_cached_scope


def _require_tenant_admin(actor: Actor, tenant_id: int) -> None:
    if not can_manage_tree(actor, tenant_id):
        raise PermissionDenied(_("Only the tenant administrator can change the unit tree."))


def _lock_tree(tenant_id: int) -> None:
    Tenant.objects.select_for_update().get(pk=tenant_id)


def _fresh(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.pk)


@transaction.atomic
def unit_create(*, actor: Actor, tenant: Tenant, parent: Unit | None = None, **fields) -> Unit:
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
def unit_update(*, actor: Actor, unit: Unit, **fields) -> Unit:
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


def _following_tree(unit: Unit):
    """Every app's `tree_change` hook (an AppConfig's dotted path to a context manager of the
    unit about to move: what an app keeps per subtree follows it; units never imports the
    apps above it), entered around the move."""
    from contextlib import ExitStack

    from django.apps import apps
    from django.utils.module_loading import import_string

    stack = ExitStack()
    for config in apps.get_app_configs():
        path = getattr(config, "tree_change", None)
        if path:
            stack.enter_context(import_string(path)(unit))
    return stack


def _move(unit: Unit, new_parent: Unit, *, actor, effective_on, note) -> UnitChange:
    old_parent = Unit.objects.get_parent(unit, update=True)
    with _following_tree(unit):
        Unit.objects.move(unit, new_parent, pos="last-child")
    return UnitChange.objects.create(
        tenant_id=unit.tenant_id,
        unit=unit,
        kind=UnitChange.Kind.MOVED,
        old_parent=old_parent,
        new_parent=new_parent,
        effective_on=effective_on,
        note=note,
        actor=as_user(actor),
    )


@transaction.atomic
def unit_move(
    *,
    actor: Actor,
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
    actor: Actor,
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
        actor=as_user(actor),
    )
    return unit


@transaction.atomic
def unit_merge(
    *,
    actor: Actor,
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
def membership_grant(*, actor: Actor, user: User, unit: Unit, role: str) -> Membership:
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
    actor: Actor,
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


def unit_tree_import(*, actor: Actor, tenant: Tenant, file, dry_run: bool = True) -> ImportReport:
    """Import a workbook of units (sheet "Đơn vị"), users (sheet "Người dùng", optional) and
    staff (sheet "Cán bộ", optional), in that order, so a row may name a unit or an account of
    an earlier sheet. All or nothing: the rows are written only when no row of any sheet has
    an error and this is not a dry run. A dry run goes through every real write, then rolls
    back, so the preview reports exactly what the import would do."""
    _require_tenant_admin(actor, tenant.pk)
    report = ImportReport(dry_run=dry_run)
    sheets = read_workbook(
        file,
        report,
        {
            UNITS_SHEET: (UNIT_COLUMNS, UNIT_REQUIRED),
            USERS_SHEET: (USER_COLUMNS, USER_REQUIRED),
            STAFF_SHEET: (STAFF_COLUMNS, STAFF_REQUIRED),
        },
        required_sheet=UNITS_SHEET,
    )
    if sheets is None:
        return report
    units = parents_first(sheets[UNITS_SHEET])
    users, staff = sheets.get(USERS_SHEET), sheets.get(STAFF_SHEET)

    with transaction.atomic():
        _lock_tree(tenant.pk)
        result = UnitResource(tenant=tenant).import_data(units, use_transactions=True)
        report.rows += import_report_rows(UNITS_SHEET, units, result, UNIT_COLUMNS, "code")
        if users is not None:
            result = UserResource(tenant=tenant).import_data(users, use_transactions=True)
            report.rows += import_report_rows(USERS_SHEET, users, result, USER_COLUMNS, "username")
        if staff is not None:
            result = StaffResource(tenant=tenant).import_data(staff, use_transactions=True)
            report.rows += import_report_rows(
                STAFF_SHEET, staff, result, STAFF_COLUMNS, "full_name"
            )
        if not report.rows:
            report.file_errors.append(_("The workbook has no rows to import."))
        order = (UNITS_SHEET, USERS_SHEET, STAFF_SHEET)
        report.rows.sort(key=lambda row: (order.index(row.sheet), row.row_number))
        if dry_run or report.has_errors:
            transaction.set_rollback(True)
    return report


# Staff (cán bộ, giáo viên, nhân viên). A person is never deleted: initiatives, nominations and
# conduct records point at them. Who may do what is `rules`; each change is a history row
# (django-simple-history, with who did it and, for a move or a departure, the note).

PERSON_FIELDS = frozenset({"full_name", "position", "gender", "email", "citizen_id", "user"})


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _staff_denied() -> str:
    return _("Only the tenant administrator and the unit's head manage its staff.")


def _person_clean(person: Person) -> None:
    """Every problem of the person's data at once, each on its field."""
    person.full_name = " ".join(person.full_name.split())
    person.position = person.position.strip()
    person.email = person.email.strip()
    person.citizen_id = person.citizen_id.strip()
    errors: dict = {}
    try:
        person.full_clean(
            exclude=["tenant", "unit"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    others = Person.objects.filter(tenant_id=person.tenant_id).exclude(pk=person.pk)
    if (
        person.citizen_id
        and "citizen_id" not in errors
        and others.filter(citizen_id=person.citizen_id).exists()
    ):
        errors["citizen_id"] = [
            _("Another person of the tenant already has this personal identification number.")
        ]
    if person.user_id is not None:
        assert person.user is not None
        if person.user.tenant_id != person.tenant_id:
            errors["user"] = [_("The account belongs to another tenant.")]
        else:
            linked = others.filter(user_id=person.user_id).first()
            if linked is not None:
                errors["user"] = [
                    _("The account %(username)s is already linked to %(name)s.")
                    % {"username": person.user.username, "name": linked.full_name}
                ]
    if errors:
        raise ValidationError(errors)


def _locked_person(person: Person) -> Person:
    return Person.objects.select_for_update().select_related("unit").get(pk=person.pk)


@transaction.atomic
def person_create(
    *,
    actor: Actor,
    unit: Unit,
    full_name: str,
    position: str = "",
    email: str = "",
    citizen_id: str = "",
    user: User | None = None,
    gender: str = "",
) -> Person:
    """Add a person to the staff of an active unit."""
    _require(rules.can_manage_staff(actor, unit), _staff_denied())
    if user is not None:
        _require(
            rules.can_link_account(actor, unit), _("Only the tenant administrator links accounts.")
        )
    unit = _fresh(unit)
    if not unit.is_active:
        raise ValidationError(_("%(unit)s is dissolved and receives no staff.") % {"unit": unit})
    person = Person(
        tenant_id=unit.tenant_id,
        unit=unit,
        full_name=full_name,
        position=position,
        gender=gender,
        email=email,
        citizen_id=citizen_id,
        user=user,
    )
    _person_clean(person)
    person.save()
    return person


@transaction.atomic
def person_update(*, actor: Actor, person: Person, **fields) -> Person:
    """Change a person's own data (`PERSON_FIELDS`); the unit changes only by `person_move`."""
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"person_update() got unexpected fields: {sorted(unknown)}")
    person = _locked_person(person)
    _require(rules.can_edit_person(actor, person), _staff_denied())
    if "user" in fields and fields["user"] != person.user:
        _require(
            rules.can_link_account(actor, person.unit),
            _("Only the tenant administrator links accounts."),
        )
    for name, value in fields.items():
        setattr(person, name, value if value is not None or name == "user" else "")
    _person_clean(person)
    person.save()
    return person


@transaction.atomic
def person_move(*, actor: Actor, person: Person, unit: Unit, note: str = "") -> Person:
    """Move a person to another active unit of the tenant (chuyển công tác). Their records
    stay where they were made: an initiative of the old unit keeps its author."""
    person = _locked_person(person)
    _require(
        rules.can_move_person(actor, person),
        _("Only the tenant administrator moves staff between units."),
    )
    unit = _fresh(unit)
    if unit.tenant_id != person.tenant_id:
        raise ValidationError(_("A person can only move within the tenant."))
    if not unit.is_active:
        raise ValidationError(_("%(unit)s is dissolved and receives no staff.") % {"unit": unit})
    if unit.pk == person.unit_id:
        raise ValidationError(
            _("%(name)s is already on the staff of %(unit)s.")
            % {"name": person.full_name, "unit": unit}
        )
    person.unit = unit
    person._change_reason = note.strip()  # type: ignore[attr-defined]  # simple_history
    person.save(update_fields=["unit"])
    return person


@transaction.atomic
def person_deactivate(*, actor: Actor, person: Person, note: str = "") -> Person:
    """Mark a person who has left (retired, transferred out of the tenant...). They drop out
    of the choices for new initiatives and nominations; older records keep them. Their user
    account, if any, is the administrator's to close."""
    person = _locked_person(person)
    _require(rules.can_edit_person(actor, person), _staff_denied())
    if not person.is_active:
        raise ValidationError(
            _("%(name)s is already marked as no longer in service.") % {"name": person.full_name}
        )
    person.is_active = False
    person._change_reason = note.strip()  # type: ignore[attr-defined]  # simple_history
    person.save(update_fields=["is_active"])
    return person


@transaction.atomic
def person_reactivate(*, actor: Actor, person: Person) -> Person:
    person = _locked_person(person)
    _require(rules.can_edit_person(actor, person), _staff_denied())
    if person.is_active:
        raise ValidationError(_("%(name)s is in service.") % {"name": person.full_name})
    if not person.unit.is_active:
        raise ValidationError(
            _("%(unit)s is dissolved: move %(name)s to a unit in operation first.")
            % {"unit": person.unit, "name": person.full_name}
        )
    person.is_active = True
    person.save(update_fields=["is_active"])
    return person


# --- Onboarding a new tenant ---


@dataclass
class Onboarded:
    tenant: Tenant
    root: Unit
    admin: User


def citizen_id_views_record(*, viewer: User, people, place: str) -> list[CitizenIdView]:
    """Log that `viewer` was just shown the full personal identification number of each of
    `people` at `place` (a `CitizenIdView.Place`): one row per person who has a number, all
    in one INSERT whatever their number. Call it where the full number is put on a page,
    after the rule (`rules.can_view_personal_data`) allowed it; the rows are never updated or
    deleted."""
    now = timezone.now()
    rows = [
        CitizenIdView(
            tenant_id=person.tenant_id,
            person=person,
            viewer=viewer,
            viewed_at=now,
            place=CitizenIdView.Place(place),
        )
        for person in people
        if person.citizen_id
    ]
    return CitizenIdView.objects.bulk_create(rows) if rows else []


def _keyed(exc: ValidationError, prefix: str) -> dict[str, list[str]]:
    """A model's errors keyed by the onboarding's own field names (`code` → `root_code`)."""
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return {
        (name if name == "__all__" else f"{prefix}{name}"): list(messages)
        for name, messages in by_field.items()
    }


def tenant_onboard_problems(
    *,
    name: str,
    slug: str = "",
    root_name: str,
    root_code: str,
    root_kind,
    root_place_name: str = "",
    root_parent_body_name: str = "",
    root_email: str = "",
    admin_username: str,
    admin_full_name: str,
    admin_email: str = "",
    admin_password: str | None = None,
) -> dict[str, list[str]]:
    """Everything wrong with an onboarding at once, keyed by field name (`slug`,
    `root_code`, `admin_username`, `admin_password`...); empty when it can go ahead. The
    slug, when left empty, is the one folded from the name."""
    from core.text import slugify_vi

    errors: dict[str, list[str]] = {}
    slug = slug or slugify_vi(name, Tenant._meta.get_field("slug").max_length)
    tenant = Tenant(name=name, slug=slug)
    try:
        tenant.full_clean(exclude=["slug"], validate_unique=False)
    except ValidationError as exc:
        errors.update(_keyed(exc, ""))
    longest = Tenant._meta.get_field("slug").max_length
    assert longest is not None
    if not slug:
        if name:
            errors["slug"] = [_("Type a short name: the name gives none to fold.")]
    elif len(slug) > longest:
        errors["slug"] = [_("The short name has at most %(max)d characters.") % {"max": longest}]
    elif slug != slugify_vi(slug):  # a folded slug folds to itself
        errors["slug"] = [
            _(
                "The short name may contain only lower-case letters without accents, digits "
                "and “-” between words, e.g. “%(example)s”."
            )
            % {"example": slugify_vi(slug) or "phuong-sai-gon"}
        ]
    else:
        taken = Tenant.objects.filter(slug=slug).first()
        if taken is not None:
            errors.setdefault("slug", []).append(
                _(
                    "The short name “%(slug)s” is already used by the tenant “%(tenant)s”: "
                    "type another one."
                )
                % {"slug": slug, "tenant": taken.name}
            )
    unit = Unit(
        name=root_name,
        code=root_code,
        kind=root_kind,
        place_name=root_place_name,
        parent_body_name=root_parent_body_name,
        email=root_email,
    )
    try:
        unit.full_clean(exclude=["tenant", "path", "depth", "numchild"], validate_unique=False)
    except ValidationError as exc:
        errors.update(_keyed(exc, "root_"))
    user = User(username=admin_username, full_name=admin_full_name, email=admin_email)
    try:
        user.full_clean(exclude=["password", "tenant"], validate_unique=False)
    except ValidationError as exc:
        errors.update(_keyed(exc, "admin_"))
    if admin_username and User.objects.filter(username__iexact=admin_username).exists():
        errors.setdefault("admin_username", []).append(
            _("The username “%(username)s” is already taken: choose another one.")
            % {"username": admin_username}
        )
    if admin_password:
        try:
            validate_password(admin_password, user)
        except ValidationError as exc:
            errors["admin_password"] = list(exc.messages)
    return errors


@transaction.atomic
def tenant_onboard(
    *,
    actor: Actor,
    name: str,
    slug: str = "",
    root_name: str,
    root_code: str,
    root_kind,
    root_place_name: str = "",
    root_parent_body_name: str = "",
    root_email: str = "",
    admin_username: str,
    admin_full_name: str,
    admin_email: str = "",
    admin_password: str | None = None,
) -> Onboarded:
    """A new tenant ready to work: the tenant, its root unit, its first administrator (a
    tenant administrator at the root), then each app's defaults for a new tenant (an
    AppConfig's `tenant_defaults`: the KPI catalogue, reminder and council settings, award
    types for the root's kind of body). Only a platform superuser, or the system itself
    (`SYSTEM`: `manage.py create_tenant`), onboards. All or nothing: any problem raises one
    ValidationError keyed by field name and writes nothing."""
    from django.db import IntegrityError

    from core.text import slugify_vi

    if not (is_system(actor) or actor.is_superuser):
        raise PermissionDenied(_("Only a platform operator sets up a new tenant."))
    name, root_name = " ".join(name.split()), " ".join(root_name.split())
    slug = slug.strip() or slugify_vi(name, Tenant._meta.get_field("slug").max_length)
    data = {
        "name": name,
        "slug": slug,
        "root_name": root_name,
        "root_code": root_code.strip().upper(),
        "root_kind": root_kind,
        "root_place_name": root_place_name.strip(),
        "root_parent_body_name": " ".join(root_parent_body_name.split()),
        "root_email": root_email.strip(),
        "admin_username": admin_username.strip(),
        "admin_full_name": " ".join(admin_full_name.split()),
        "admin_email": admin_email.strip(),
        "admin_password": admin_password,
    }
    errors = tenant_onboard_problems(**data)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            tenant = Tenant.objects.create(name=name, slug=slug)
            root = unit_create(
                actor=actor,
                tenant=tenant,
                name=data["root_name"],
                code=data["root_code"],
                kind=root_kind,
                place_name=data["root_place_name"],
                parent_body_name=data["root_parent_body_name"],
                email=data["root_email"],
            )
            admin = user_create(
                actor=actor,
                tenant=tenant,
                username=data["admin_username"],
                full_name=data["admin_full_name"],
                email=data["admin_email"],
                password=admin_password,
            )
    except IntegrityError as exc:  # another operator took the slug or username meanwhile
        raise ValidationError(
            _("The short name or the username was taken a moment ago: try again.")
        ) from exc
    membership_grant(actor=actor, user=admin, unit=root, role=Role.TENANT_ADMIN)
    tenant_defaults_create(tenant=tenant, root=root)
    return Onboarded(tenant=tenant, root=root, admin=admin)


def tenant_defaults_create(*, tenant: Tenant, root: Unit) -> None:
    """What a new tenant starts with, from every app that declares it (an AppConfig's
    `tenant_defaults`, a dotted path to a function of `tenant` and `root`: units never imports
    the apps above it). Each is idempotent: running it again adds only what is missing."""
    from django.apps import apps
    from django.utils.module_loading import import_string

    for config in apps.get_app_configs():
        path = getattr(config, "tenant_defaults", None)
        if path:
            import_string(path)(tenant=tenant, root=root)
