"""django-import-export resources for the unit-tree workbook: sheet "Đơn vị" (units), sheet
"Người dùng" (users and their roles) and sheet "Cán bộ" (staff). Column headers are the
Vietnamese labels clerks see.

Every check that could fail is a validation error on its row, never an exception, so one
dry run lists every bad row at once; `services.unit_tree_import` decides whether to keep it.
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources

from core.imports import cell_key, cell_text
from core.text import fold

from .models import Gender, Membership, Person, Role, Tenant, Unit, UnitKind, User
from .selectors import forget_cached_scope
from .validators import validate_citizen_id

UNIT_COLUMNS = {
    "code": "Mã đơn vị",
    "name": "Tên đơn vị",
    "parent_code": "Mã đơn vị cấp trên",
    "kind": "Loại đơn vị",
    "place_name": "Địa danh",
    "parent_body_name": "Cơ quan chủ quản",
    "ownership": "Loại hình",
    "email": "Email",
}
USER_COLUMNS = {
    "username": "Tên đăng nhập",
    "full_name": "Họ và tên",
    "email": "Email",
    "unit_code": "Mã đơn vị",
    "role": "Vai trò",
    "password": "Mật khẩu ban đầu",
}
STAFF_COLUMNS = {
    "unit_code": "Mã đơn vị",
    "full_name": "Họ và tên",
    "position": "Chức vụ",
    "email": "Email",
    "citizen_id": "Số định danh cá nhân",
    "username": "Tên đăng nhập",
    "gender": "Giới tính",
}
# "Nữ" / "Nam" as typed (case and diacritics aside); empty keeps what is recorded.
GENDER_WORDS = {"nu": Gender.FEMALE, "nam": Gender.MALE}
UNIT_REQUIRED = ("code", "name", "parent_code", "kind")
USER_REQUIRED = ("username", "full_name", "unit_code", "role")
STAFF_REQUIRED = ("unit_code", "full_name")


class TenantResource(resources.ModelResource):
    """Shared shape: bound to one tenant, every row checked by `row_errors` before saving."""

    columns: dict[str, str] = {}
    # Fields set by the save step rather than by a column.
    not_cleaned: tuple[str, ...] = ()

    def __init__(self, *, tenant: Tenant):
        super().__init__()
        self.tenant = tenant

    def before_import_row(self, row, **kwargs):
        # Excel gives None for empty cells and floats for codes typed as numbers.
        for column in self.columns.values():
            row[column] = cell_text(row.get(column))

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field, message in self.row_errors(instance, row):
            errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)

    def row_errors(self, instance, row):
        return []

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors, *self.not_cleaned], validate_unique=validate_unique
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def missing(self, row, names):
        for name in names:
            if not cell_text(row.get(self.columns[name])):
                yield name, _('"%(column)s" is empty.') % {"column": self.columns[name]}


class UnitResource(TenantResource):
    columns = UNIT_COLUMNS
    not_cleaned = ("path", "depth", "numchild")
    code = fields.Field(attribute="code", column_name=UNIT_COLUMNS["code"])
    name = fields.Field(attribute="name", column_name=UNIT_COLUMNS["name"])
    place_name = fields.Field(attribute="place_name", column_name=UNIT_COLUMNS["place_name"])
    parent_body_name = fields.Field(
        attribute="parent_body_name", column_name=UNIT_COLUMNS["parent_body_name"]
    )
    email = fields.Field(attribute="email", column_name=UNIT_COLUMNS["email"])

    class Meta:
        model = Unit
        import_id_fields = ("code",)
        fields = ("code", "name", "place_name", "parent_body_name", "email")
        clean_model_instances = True
        skip_diff = True

    def __init__(self, *, tenant: Tenant):
        super().__init__(tenant=tenant)
        self.kinds = {}
        for kind in UnitKind.objects.all():
            self.kinds[cell_key(kind.code)] = kind
            self.kinds[cell_key(kind.name)] = kind
        self.ownerships = {"công lập": "public", "tư thục": "private", "dân lập": "private"}
        with translation.override("en"):
            self.ownerships.update({cell_key(label): v for v, label in Unit.Ownership.choices})
        self.seen_codes: set[str] = set()
        self.parents: dict[int, Unit | None] = {}

    def get_queryset(self):
        return Unit.objects.filter(tenant=self.tenant)

    def init_instance(self, row=None):
        return Unit(tenant=self.tenant)

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        for name in ("code", "parent_code"):
            row[UNIT_COLUMNS[name]] = row[UNIT_COLUMNS[name]].upper()

    def row_errors(self, instance, row):
        yield from self.missing(row, ("code", "name", "kind"))
        code = row[UNIT_COLUMNS["code"]]
        if code in self.seen_codes:
            yield "code", _("The code %(code)s appears twice in the file.") % {"code": code}
        self.seen_codes.add(code)

        kind_text = cell_text(row.get(UNIT_COLUMNS["kind"]))
        if kind_text:
            kind = self.kinds.get(cell_key(kind_text))
            if kind is None:
                yield "kind", _('Unknown unit kind "%(kind)s".') % {"kind": kind_text}
            else:
                instance.kind = kind

        ownership_text = cell_text(row.get(UNIT_COLUMNS["ownership"]))
        if ownership_text:
            ownership = self.ownerships.get(cell_key(ownership_text))
            if ownership is None:
                yield (
                    "ownership",
                    _('Unknown ownership "%(value)s" (public or private).')
                    % {"value": ownership_text},
                )
            else:
                instance.ownership = ownership

        parent_code = row[UNIT_COLUMNS["parent_code"]]
        parent = None
        if parent_code:
            parent = self.get_queryset().filter(code=parent_code).first()
            if parent is None or parent_code == code:
                yield "parent_code", _("Unknown parent unit %(code)s.") % {"code": parent_code}
            elif not parent.is_active:
                yield (
                    "parent_code",
                    _("The parent unit %(code)s is dissolved.") % {"code": parent_code},
                )
        elif self.get_queryset().exists() and instance.pk is None:
            yield "parent_code", _("Only the first unit of a tenant may have no parent unit.")
        if instance.pk is not None:
            current_parent = Unit.objects.get_parent(instance)
            if (current_parent.code if current_parent else "") != parent_code:
                yield (
                    "parent_code",
                    _(
                        "The unit %(code)s already exists under another parent; move it with the "
                        '"Move" action instead.'
                    )
                    % {"code": code},
                )
        self.parents[id(instance)] = parent

    def save_instance(self, instance, is_create, row, **kwargs):
        if not is_create:
            instance.save()
            return
        parent = self.parents.pop(id(instance))
        if parent is None:
            Unit.objects.add_root(instance=instance)
        else:
            # Reload: treebeard computes the new path from the parent's current child count.
            Unit.objects.add_child(Unit.objects.get(pk=parent.pk), instance=instance)


class UserResource(TenantResource):
    columns = USER_COLUMNS
    not_cleaned = ("password",)
    username = fields.Field(attribute="username", column_name=USER_COLUMNS["username"])
    full_name = fields.Field(attribute="full_name", column_name=USER_COLUMNS["full_name"])
    email = fields.Field(attribute="email", column_name=USER_COLUMNS["email"])

    class Meta:
        model = User
        import_id_fields = ("username",)
        fields = ("username", "full_name", "email")
        clean_model_instances = True
        skip_diff = True

    def __init__(self, *, tenant: Tenant):
        super().__init__(tenant=tenant)
        self.roles = {}
        for language in ("vi", "en"):  # clerks type the label in either language
            with translation.override(language):
                for value, label in Role.choices:
                    self.roles[cell_key(value)] = value
                    self.roles[cell_key(label)] = value
        self.pending: dict[int, tuple[Unit, str, str]] = {}

    def get_queryset(self):
        return User.objects.filter(tenant=self.tenant)

    def init_instance(self, row=None):
        return User(tenant=self.tenant)

    def row_errors(self, instance, row):
        yield from self.missing(row, USER_REQUIRED)
        unit_code = row[USER_COLUMNS["unit_code"]].upper()
        unit = None
        if unit_code:
            unit = Unit.objects.filter(tenant=self.tenant, code=unit_code).first()
            if unit is None:
                yield "unit_code", _("Unknown unit %(code)s.") % {"code": unit_code}
        role_text = row[USER_COLUMNS["role"]]
        role = self.roles.get(cell_key(role_text))
        if role_text and role is None:
            yield "role", _('Unknown role "%(role)s".') % {"role": role_text}
        password = row[USER_COLUMNS["password"]]
        if password:
            try:
                validate_password(password, instance)
            except ValidationError as exc:
                for message in exc.messages:
                    yield "password", message
        self.pending[id(instance)] = (unit, role, password)

    def save_instance(self, instance, is_create, row, **kwargs):
        unit, role, password = self.pending.pop(id(instance))
        if password:
            instance.set_password(password)
        elif is_create:
            instance.set_unusable_password()
        if role == Role.TENANT_ADMIN:
            instance.is_staff = True
        instance.save()
        Membership.objects.get_or_create(
            user=instance, unit=unit, role=role, defaults={"tenant": self.tenant}
        )
        forget_cached_scope(instance)


class StaffResource(TenantResource):
    """Sheet "Cán bộ". A row updates the person it finds, in this order: the one holding the
    citizen ID the row gives; else, in the row's unit, the one with the same full name (case
    and spacing aside) and e-mail, provided that person has no citizen ID recorded or the row
    gives none; else it adds a person. A re-import never moves a person between units (that
    is "Chuyển công tác" on the person's page), never erases a recorded citizen ID and never
    changes whether a person is in service. The account column links the person to a user of
    the tenant, existing or in the sheet "Người dùng" of the same file."""

    columns = STAFF_COLUMNS
    # Checked by `row_errors` with messages naming the column.
    not_cleaned = ("tenant", "unit", "user", "citizen_id")
    full_name = fields.Field(attribute="full_name", column_name=STAFF_COLUMNS["full_name"])
    position = fields.Field(attribute="position", column_name=STAFF_COLUMNS["position"])
    email = fields.Field(attribute="email", column_name=STAFF_COLUMNS["email"])

    class Meta:
        model = Person
        import_id_fields = ("full_name",)
        fields = ("full_name", "position", "email")
        clean_model_instances = True
        skip_diff = True

    def __init__(self, *, tenant: Tenant):
        super().__init__(tenant=tenant)
        self.loaded = False
        self.seen_people: set[int] = set()
        self.seen_keys: set[tuple] = set()
        self.seen_ids: set[str] = set()
        self.seen_usernames: set[str] = set()

    def _load(self):
        """The tenant's units and people, read once the units of the same file are in."""
        if self.loaded:
            return
        self.loaded = True
        self.units = {u.code: u for u in Unit.objects.filter(tenant=self.tenant)}
        self.by_citizen_id: dict[str, Person] = {}
        self.by_name: dict[tuple, Person] = {}
        for person in Person.objects.filter(tenant=self.tenant).order_by("pk"):
            if person.citizen_id:
                self.by_citizen_id[person.citizen_id] = person
            self.by_name.setdefault(
                self._key(person.unit_id, person.full_name, person.email), person
            )

    @staticmethod
    def _key(unit_id, full_name, email) -> tuple:
        return (unit_id, fold(" ".join(full_name.split())), email.strip().casefold())

    def get_queryset(self):
        return Person.objects.filter(tenant=self.tenant)

    def init_instance(self, row=None):
        return Person(tenant=self.tenant)

    def before_import_row(self, row, **kwargs):
        # A citizen ID typed as a number lost its leading zero (every province code has one).
        column = STAFF_COLUMNS["citizen_id"]
        value = row.get(column)
        if isinstance(value, int | float) and not isinstance(value, bool) and value == int(value):
            row[column] = str(int(value)).zfill(12)
        super().before_import_row(row, **kwargs)
        row[STAFF_COLUMNS["unit_code"]] = row[STAFF_COLUMNS["unit_code"]].upper()

    def get_instance(self, instance_loader, row):
        self._load()
        citizen_id = row[STAFF_COLUMNS["citizen_id"]]
        if citizen_id and citizen_id in self.by_citizen_id:
            return self.by_citizen_id[citizen_id]
        unit = self.units.get(row[STAFF_COLUMNS["unit_code"]])
        if unit is None:
            return None
        key = self._key(unit.pk, row[STAFF_COLUMNS["full_name"]], row[STAFF_COLUMNS["email"]])
        person = self.by_name.get(key)
        if person is not None and not (citizen_id and person.citizen_id):
            return person
        return None

    def row_errors(self, instance, row):
        yield from self.missing(row, STAFF_REQUIRED)
        values = {name: row[column] for name, column in STAFF_COLUMNS.items()}
        code = values["unit_code"]
        unit = self.units.get(code) if code else None
        if code and unit is None:
            yield "unit_code", _("Unknown unit %(code)s.") % {"code": code}
        elif unit is not None and instance.pk is None:
            if not unit.is_active:
                yield (
                    "unit_code",
                    _("%(unit)s is dissolved and receives no staff.") % {"unit": unit},
                )
            instance.unit = unit
        elif unit is not None and instance.unit_id != unit.pk:
            yield (
                "unit_code",
                _(
                    "%(name)s is on the staff of %(unit)s; move them with "
                    '"Move to another unit" on their page.'
                )
                % {"name": instance.full_name, "unit": instance.unit.name},
            )

        key = (code, fold(" ".join(values["full_name"].split())), values["email"].casefold())
        if (instance.pk is not None and instance.pk in self.seen_people) or (
            instance.pk is None and key in self.seen_keys
        ):
            yield "full_name", _("This person appears twice in the file.")
        self.seen_keys.add(key)
        if instance.pk is not None:
            self.seen_people.add(instance.pk)

        gender = fold(values["gender"])
        if gender in GENDER_WORDS:
            instance.gender = GENDER_WORDS[gender]
        elif gender:
            yield (
                "gender",
                _("“%(value)s” is not a gender: write Nữ or Nam.") % {"value": values["gender"]},
            )

        citizen_id = values["citizen_id"]
        if citizen_id:
            try:
                validate_citizen_id(citizen_id)
            except ValidationError as exc:
                for message in exc.messages:
                    yield "citizen_id", message
            else:
                holder = self.by_citizen_id.get(citizen_id)
                if citizen_id in self.seen_ids:
                    yield (
                        "citizen_id",
                        _("This personal identification number appears twice in the file."),
                    )
                elif holder is not None and holder.pk != instance.pk:
                    yield (
                        "citizen_id",
                        _(
                            "Another person of the tenant already has this personal identification "
                            "number."
                        ),
                    )
                instance.citizen_id = citizen_id
            self.seen_ids.add(citizen_id)

        username = values["username"]
        if username:
            user = User.objects.filter(tenant=self.tenant, username=username).first()
            linked = (
                Person.objects.filter(user=user).exclude(pk=instance.pk).first() if user else None
            )
            if user is None:
                yield (
                    "username",
                    _(
                        'Unknown user %(username)s: neither in the sheet "Người dùng" nor '
                        "among the accounts."
                    )
                    % {"username": username},
                )
            elif username in self.seen_usernames:
                yield (
                    "username",
                    _("The account %(username)s appears twice in the file.")
                    % {"username": username},
                )
            elif linked is not None:
                yield (
                    "username",
                    _("The account %(username)s is already linked to %(name)s.")
                    % {
                        "username": username,
                        "name": linked.full_name,
                    },
                )
            else:
                instance.user = user
            self.seen_usernames.add(username)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Uniqueness (citizen ID, account) is checked by `row_errors`, in words clerks read.
        super().validate_instance(instance, import_validation_errors, validate_unique=False)


UNITS_SHEET = "Đơn vị"
USERS_SHEET = "Người dùng"
STAFF_SHEET = "Cán bộ"


def parents_first(dataset):
    """Reorder unit rows so that each parent in the file comes before its children (clerks
    sort by name, not by level); rows whose parent is missing or in a cycle keep their place
    at the end, where validation reports them."""
    import tablib

    code_column = UNIT_COLUMNS["code"]
    parent_column = UNIT_COLUMNS["parent_code"]
    rows = [dict(zip(dataset.headers, values, strict=True)) for values in dataset]
    in_file = {cell_text(r[code_column]).upper() for r in rows}
    placed: set[str] = set()
    ordered, waiting = [], rows
    while waiting:
        still_waiting = []
        for row in waiting:
            parent = cell_text(row[parent_column]).upper()
            if not parent or parent not in in_file or parent in placed:
                ordered.append(row)
                placed.add(cell_text(row[code_column]).upper())
            else:
                still_waiting.append(row)
        if len(still_waiting) == len(waiting):
            ordered += still_waiting
            break
        waiting = still_waiting
    result = tablib.Dataset(headers=dataset.headers)
    for row in ordered:
        result.append([row[h] for h in dataset.headers])
    return result
