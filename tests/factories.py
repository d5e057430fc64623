"""factory_boy factories. Tree nodes are created through treebeard's add_root/add_child (via
the service), never by faking path fields."""

import factory

from units import services
from units.models import Membership, Person, Role, Tenant, Unit, UnitKind, User

PASSWORD = "Mat-khau-thu-nghiem-1"


def kind(code: str) -> UnitKind:
    return UnitKind.objects.get(code=code)


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Sở Giáo dục và Đào tạo số {n}")
    slug = factory.Sequence(lambda n: f"tenant-{n}")


class UnitFactory(factory.django.DjangoModelFactory):
    """`UnitFactory(parent=...)` adds a child; without parent, a root of a new tenant."""

    class Meta:
        model = Unit

    tenant = factory.LazyAttribute(
        lambda o: o.parent.tenant if o.parent is not None else TenantFactory()
    )
    name = factory.Sequence(lambda n: f"Trường Mầm non số {n}")
    code = factory.Sequence(lambda n: f"U{n}")
    kind = factory.LazyFunction(lambda: kind("truong-mam-non"))
    place_name = "Quận 1"
    parent = None

    class Params:
        department = factory.Trait(
            kind=factory.LazyFunction(lambda: kind("so")),
            name=factory.Sequence(lambda n: f"Sở Giáo dục và Đào tạo {n}"),
        )
        district_office = factory.Trait(
            kind=factory.LazyFunction(lambda: kind("phong-gddt")),
            name=factory.Sequence(lambda n: f"Phòng Giáo dục và Đào tạo {n}"),
        )

    @classmethod
    def _create(cls, model_class, parent=None, tenant=None, **fields):
        return services.unit_create(actor=None, tenant=tenant, parent=parent, **fields)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    tenant = factory.SubFactory(TenantFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    unit = factory.SubFactory(UnitFactory)
    tenant = factory.SelfAttribute("unit.tenant")
    user = factory.SubFactory(UserFactory, tenant=factory.SelfAttribute("..unit.tenant"))
    role = Role.UNIT_STAFF

    @classmethod
    def _create(cls, model_class, user, unit, role, **fields):
        return services.membership_grant(actor=None, user=user, unit=unit, role=role)


def member(unit: Unit, role: str = Role.UNIT_STAFF, **user_fields) -> User:
    """A user of `unit`'s tenant holding `role` at `unit`."""
    user = UserFactory(tenant=unit.tenant, **user_fields)
    MembershipFactory(user=user, unit=unit, role=role)
    return user


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    unit = factory.SubFactory(UnitFactory)
    tenant = factory.SelfAttribute("unit.tenant")
    full_name = factory.Sequence(lambda n: f"Trần Thị {n}")
    position = "Giáo viên"
    citizen_id = factory.Sequence(lambda n: f"0791850{n:05d}")


# The factory that makes an instance of each model, for tests that walk every object URL.
FACTORY_FOR_MODEL = {
    Unit: UnitFactory,
    Person: PersonFactory,
}
