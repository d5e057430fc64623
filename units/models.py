"""Tenants, the unit tree, people, users and their memberships.

A tenant is one top-level issuing body and everything below it. Units form a materialized-path
tree (django-treebeard), so "every unit below this office" is one indexed `path` prefix query at
any depth. Units are never deleted: the 2025 reform dissolved whole levels, and the records of
earlier campaigns must keep pointing at the bodies as they were, so a unit is marked dissolved
(with a successor) and its children move; `UnitChange` keeps the history of every move.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.lookups import PatternLookup, StartsWith
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from core.text import fold

from .validators import validate_citizen_id, validate_unit_code


class Tenant(models.Model):
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("short name"), max_length=64, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tenant")
        verbose_name_plural = _("tenants")
        ordering = ["name"]

    def __str__(self):
        return self.name


class UnitKind(models.Model):
    """What a unit is (a department, a district office, a preschool...). Reference data shared
    by every tenant, loaded by a data migration; kept as rows so a new kind needs no code."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    is_school = models.BooleanField(_("is a school"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("unit kind")
        verbose_name_plural = _("unit kinds")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class UnitQuerySet(MP_NodeQuerySet):
    def for_tenant(self, tenant):
        return self.filter(tenant=tenant)

    def active(self):
        return self.filter(status=Unit.Status.ACTIVE)


class UnitManager(MP_NodeManager):
    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")

    def for_tenant(self, tenant):
        return self.get_queryset().for_tenant(tenant)

    def active(self):
        return self.get_queryset().active()


class Unit(MP_Node):
    class Ownership(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVATE = "private", _("Private")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DISSOLVED = "dissolved", _("Dissolved")

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="units", verbose_name=_("tenant")
    )
    kind = models.ForeignKey(
        UnitKind, on_delete=models.PROTECT, related_name="units", verbose_name=_("unit kind")
    )
    name = models.CharField(_("official name"), max_length=255)
    code = models.CharField(
        _("short code"),
        max_length=20,
        validators=[validate_unit_code],
        help_text=_("Used in document numbers, e.g. MNCG in 112/KH-MNCG."),
    )
    place_name = models.CharField(
        _("place name"),
        max_length=100,
        blank=True,
        help_text=_('Written before the date on documents, e.g. "Quận 1" or "Nhà Bè".'),
    )
    parent_body_name = models.CharField(
        _("parent body"),
        max_length=255,
        blank=True,
        help_text=_(
            "The body directly above the unit (cơ quan chủ quản), e.g. “Ủy ban nhân dân "
            "Quận 1” for a school: printed above the unit's name on its letterhead. A "
            "People's Committee's letterhead carries its own name only: for it, this names "
            "the body above it and is not printed."
        ),
    )
    # The letterhead as the clerk prints it (documents.letterhead); empty: the default lines.
    letterhead_parent_lines = models.TextField(
        _("parent body on the letterhead"),
        blank=True,
        help_text=_(
            "Optional: the parent body's lines exactly as printed, one line per line, e.g. "
            "“ỦY BAN NHÂN DÂN QUẬN GÒ VẤP”. Left empty, the parent body above is printed, "
            "except for a People's Committee, which prints none unless typed here."
        ),
    )
    letterhead_name_lines = models.TextField(
        _("name on the letterhead"),
        blank=True,
        help_text=_(
            "Optional: the unit's name exactly as printed, one line per line, e.g. “Ủy ban "
            "nhân dân” then “Phường Sài Gòn”. Left empty, the name breaks before its place "
            "(phường, xã, quận, tỉnh, thành phố…) and never inside a place name."
        ),
    )
    ownership = models.CharField(
        _("ownership"), max_length=16, choices=Ownership.choices, blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    # The name without diacritics, for accent-insensitive search; kept by `save`.
    search_name = models.CharField(max_length=255, blank=True, editable=False, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successor"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = UnitManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="unit_code_unique_in_tenant"),
        ]
        indexes = [models.Index(fields=["tenant", "status"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A derived column, not a business rule: it must follow the name on every write path
        # (services, treebeard's add_child, the import), so it lives here.
        self.search_name = fold(f"{self.name} {self.code}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def subtree_filter(self, prefix: str = "") -> Q:
        """A filter matching this unit and everything below it, for any model reaching a unit
        through `prefix` (e.g. "unit__")."""
        return Q(**{f"{prefix}path__startswith": self.path, f"{prefix}tenant_id": self.tenant_id})


class PathStartsWith(StartsWith):
    """`path__startswith` on PostgreSQL as `path ^@ prefix` instead of `path LIKE 'prefix%'`.

    Under row-level security the planner uses a condition as an index condition only if its
    function is leakproof (it may not run before the policy has hidden other tenants' rows).
    `textlike` is not leakproof, so a LIKE prefix could not use the path index and every
    subtree query read the units of all tenants; `starts_with` (`^@`) is leakproof and
    becomes a range on the `varchar_pattern_ops` path index. Same meaning (a literal prefix,
    case-sensitive), so other databases keep the LIKE of the parent class.
    """

    def as_postgresql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        # The plain parameter, not the LIKE pattern PatternLookup builds from it.
        rhs_sql, rhs_params = super(PatternLookup, self).process_rhs(compiler, connection)
        return f"{lhs_sql} ^@ {rhs_sql}", (*lhs_params, *rhs_params)


Unit._meta.get_field("path").register_lookup(PathStartsWith)


def _unit_reference(verbose_name):
    return models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class UnitChange(models.Model):
    """One structural change of the tree, kept so history can show the body as it was."""

    class Kind(models.TextChoices):
        MOVED = "moved", _("Moved")
        DISSOLVED = "dissolved", _("Dissolved")
        MERGED = "merged", _("Merged")

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="changes", verbose_name=_("unit")
    )
    kind = models.CharField(_("change"), max_length=16, choices=Kind.choices)
    old_parent = _unit_reference(_("old parent"))
    new_parent = _unit_reference(_("new parent"))
    successor = _unit_reference(_("successor"))
    effective_on = models.DateField(_("effective on"))
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        "User", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("done by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit change")
        verbose_name_plural = _("unit changes")
        ordering = ["-effective_on", "-id"]

    def __str__(self):
        return f"{self.unit} — {self.get_kind_display()} ({self.effective_on:%d/%m/%Y})"


class User(AbstractUser):
    """A login. Bound to one tenant; only platform superusers have none."""

    tenant = models.ForeignKey(
        Tenant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("tenant"),
    )
    full_name = models.CharField(_("full name"), max_length=255, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self):
        return self.full_name or self.username

    def get_short_name(self):
        # Vietnamese staff are addressed by their full name in official settings.
        return self.get_full_name()


class Role(models.TextChoices):
    UNIT_STAFF = "unit_staff", _("Unit staff")
    UNIT_HEAD = "unit_head", _("Unit head")
    REVIEWER = "reviewer", _("Reviewer")
    AWARD_OFFICER = "award_officer", _("Award officer")
    TENANT_ADMIN = "tenant_admin", _("Tenant administrator")


# Roles whose membership covers the unit's whole subtree; the others cover the unit alone.
SUBTREE_ROLES = frozenset({Role.REVIEWER, Role.AWARD_OFFICER, Role.TENANT_ADMIN})


class Membership(models.Model):
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.unit}"

    @property
    def covers_subtree(self) -> bool:
        return self.role in SUBTREE_ROLES


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Person(models.Model):
    """A staff member (cán bộ, giáo viên, nhân viên): author of initiatives, nominee for awards.
    Not necessarily a user of the platform."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="people", verbose_name=_("unit")
    )
    full_name = models.CharField(_("full name"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    # Optional: read for the preference on equal merit (Nghị định 152/2025/NĐ-CP Art. 4).
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    citizen_id = models.CharField(
        _("personal identification number"),
        max_length=12,
        blank=True,
        validators=[validate_citizen_id],
        help_text=_("12 digits, as on the citizen identity card (CCCD)."),
    )
    user = models.OneToOneField(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    # A person is never deleted (initiatives, nominations and conduct records point at them):
    # one who has left is marked inactive and drops out of the choices for new records.
    is_active = models.BooleanField(
        _("in service"),
        default=True,
        help_text=_("Untick when the person has left: older records keep their name."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "citizen_id"],
                condition=~Q(citizen_id=""),
                name="person_citizen_id_unique_in_tenant",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def masked_citizen_id(self) -> str:
        """Personal data (documents.legal.PERSONAL_DATA_BASES: Luật Bảo vệ dữ liệu cá nhân
        91/2025/QH15 and Nghị định 356/2025/NĐ-CP, in force 01/01/2026): everyone but the
        tenant administrator sees this; each showing of the full number is logged
        (`CitizenIdView`)."""
        return mask_citizen_id(self.citizen_id)


def mask_citizen_id(value: str) -> str:
    """ "•••••••••468": all but the last three digits hidden; empty for no number."""
    return "•" * (len(value) - 3) + value[-3:] if value else ""


class CitizenIdView(models.Model):
    """One showing of a person's full personal identification number to a user: who, when,
    whose, where (the person's page, the unit's staff list, the edit form). The personal-data
    law (documents.legal.PERSONAL_DATA_BASES) asks that access to the unmasked value be
    restricted and logged; the tenant administrator reads the log (`units:citizen_id_views`).

    Append-only: written in bulk by `services.citizen_id_views_record`, never updated or deleted
    by the application, hence no history of its own."""

    class Place(models.TextChoices):
        PERSON_PAGE = "person_page", _("the person's page")
        STAFF_LIST = "staff_list", _("the unit's staff list")
        PERSON_FORM = "person_form", _("the edit form")
        ADMIN_FORM = "admin_form", _("the system administration site")

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    viewer = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("seen by")
    )
    viewed_at = models.DateTimeField(_("seen at"))
    place = models.CharField(_("where"), max_length=16, choices=Place.choices)

    class Meta:
        verbose_name = _("view of a personal identification number")
        verbose_name_plural = _("views of personal identification numbers")
        ordering = ["-viewed_at", "-id"]
        indexes = [
            models.Index(fields=["tenant", "-viewed_at", "-id"], name="citizen_id_view_newest")
        ]

    def __str__(self):
        return f"{self.viewer} → {self.person} ({self.viewed_at:%d/%m/%Y %H:%M})"
