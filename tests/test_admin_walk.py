"""Every admin form saves valid data (the fuzz test sends bad values; this sends good ones).

As the platform operator (a superuser) and as a tenant administrator, every admin of
`admin.site._registry` is walked:

- add: the add page is opened, its form read as the browser would (inputs, selects,
  textareas, the inline formsets' management forms), each field filled with a valid,
  realistic Vietnamese value chosen by its form field's type (names with diacritics, dates
  dd/mm/yyyy, the first real option of a select, a 12-digit citizen id ...), then posted:
  the answer is the redirect to the changelist and the row exists;
- change: one object is made (tests/factories.FACTORY_FOR_MODEL, or `EXTRA_BUILDERS` below
  for the platform's third-party models), its page posted back as rendered with one text
  field edited: the redirect, and the edit is saved.

An admin that is read-only by design (a register kept by the services) must refuse: 403 on
the add page, 403 on a posted change. An admin a role may not use at all (the platform's
own, for a tenant administrator) must refuse too. The number of forms saved per role is
printed and recorded; it must reach the number of admins that allow adding and changing, so
an admin skipped by mistake fails the walk.
"""

import datetime
from html.parser import HTMLParser

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.forms import ReadOnlyPasswordHashField
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import (
    FACTORY_FOR_MODEL,
    PersonFactory,
    UnitFactory,
    UserFactory,
    kind,
    member,
    signing_pkcs12,
)
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
A_DATE = "15/06/2026"  # dd/mm/yyyy, a day no month-first reading accepts
A_TIME = "08:30"
PASSWORD = "Phuong-Sai-Gon-2026!"

# A realistic value by field name; anything else by the field's type (`_value_for`).
VALUES_BY_NAME = {
    "name": "Phòng Văn hóa - Xã hội phường Sài Gòn",
    "full_name": "Nguyễn Thị Ánh Tuyết",
    "title": "Giấy khen của Chủ tịch Ủy ban nhân dân phường",
    "username": "nguyen.thi.anh.tuyet",
    "email": "anhtuyet@saigon.edu.vn",
    "citizen_id": "079186012345",
    "position": "Chuyên viên",
    "place_name": "Phường Sài Gòn",
    "parent_body_name": "Ủy ban nhân dân phường Sài Gòn",
    "code": "VHXH-SG",
    "slug": "phuong-sai-gon",
    "decision": "125/QĐ-UBND ngày 15/6/2026",
    "issued_by": "Chủ tịch Ủy ban nhân dân phường Sài Gòn",
    "conferring_authority": "Chủ tịch Ủy ban nhân dân phường Sài Gòn",
    "criteria": "Hoàn thành xuất sắc nhiệm vụ cải cách hành chính năm 2026.",
    "description": "Vi phạm quy tắc ứng xử trong tiếp công dân.",
    "dossier_parts": "Tờ trình đề nghị khen thưởng\nBáo cáo thành tích",
    "signer_name": "Lê Văn Bình",
    "signer_position": "Chủ tịch",
    "numerator_label": "Số hồ sơ giải quyết đúng hạn",
    "denominator_label": "Tổng số hồ sơ đã giải quyết",
    "year": "2026",
    "last_number": "12",
    "password1": PASSWORD,
    "password2": PASSWORD,
}

# Per-model values where a generic one cannot be valid.
OVERRIDES = {
    # Left empty, the code is made from the name (campaign/admin_forms.py).
    "campaign.kpiindicator": {"name": "Tỷ lệ hồ sơ đúng hạn", "code": ""},
    # A title of the law fixes whom it is for (awards/defaults.py LAW); a Giấy khen goes to either.
    "awards.awardtype": {"legal_title": "certificate"},
    "units.unitkind": {"name": "Trường phổ thông dân tộc nội trú", "code": "truong-ptdtnt"},
    # The onboarding form: the tenant, its root unit and its first administrator.
    "units.tenant": {
        "name": "Ủy ban nhân dân xã Tà Xùa",
        "slug": "xa-ta-xua",
        "admin_username": "quan.tri.ta.xua",
    },
}


def _uploads(label):
    """Files a form needs (a signing certificate's PKCS#12 and its passphrase)."""
    if label == "documents.signingcertificate":
        data, _trusted = signing_pkcs12("Ủy ban nhân dân phường Sài Gòn")
        return {
            "certificate_file": SimpleUploadedFile(
                "chu-ky-so.p12", data, content_type="application/x-pkcs12"
            ),
            "passphrase": "mat-khau",
        }
    return {}


def _axes_attempt(root):
    from axes.models import AccessAttempt

    return AccessAttempt.objects.create(
        username="nguyen.van.an",
        ip_address="10.0.0.7",
        user_agent="Mozilla/5.0",
        http_accept="text/html",
        path_info="/login/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )


def _axes_log(root):
    from axes.models import AccessLog

    return AccessLog.objects.create(
        username="nguyen.van.an",
        ip_address="10.0.0.7",
        user_agent="Mozilla/5.0",
        http_accept="text/html",
        path_info="/login/",
    )


def _axes_failure(root):
    from axes.models import AccessFailureLog

    return AccessFailureLog.objects.create(
        username="nguyen.van.an",
        ip_address="10.0.0.7",
        user_agent="Mozilla/5.0",
        http_accept="text/html",
        path_info="/login/",
    )


def _totp_device(root):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=member(root), name="Điện thoại", confirmed=True)


def _unit_change(root):
    from units import services
    from units.models import UnitChange

    office = UnitFactory(parent=root, district_office=True)
    school = UnitFactory(parent=root)
    services.unit_move(actor=SYSTEM, unit=school, new_parent=office)
    return UnitChange.objects.get(unit=school)


EXTRA_BUILDERS = {
    "axes.accessattempt": _axes_attempt,
    "axes.accesslog": _axes_log,
    "axes.accessfailurelog": _axes_failure,
    "otp_totp.totpdevice": _totp_device,
    "units.tenant": lambda root: root.tenant,
    "units.unitkind": lambda root: root.kind,
    "units.user": lambda root: member(root, full_name="Phạm Văn Đức"),
    "units.unitchange": _unit_change,
}


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


ADMINS = sorted(admin.site._registry.items(), key=lambda item: _label(item[0]))


class _FormReader(HTMLParser):
    """What a browser would post from one form: inputs, checked boxes, selected options,
    textareas (file inputs left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.done = False
        self.data: dict[str, list[str]] = {}
        self.options: dict[str, list[str]] = {}  # every option value of a select / radio
        self._select = None
        self._select_multiple = False
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # The admin's form is "<model>_form" (the tenant onboarding's "tenant_onboard_form");
        # the header's "logout-form" is not it.
        if tag == "form" and not self.done and (attrs.get("id") or "").endswith("_form"):
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                self.options.setdefault(name, []).append(attrs.get("value", "on"))
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value", "on"))
                return
            self.data.setdefault(name, []).append(attrs.get("value", ""))
        elif tag == "select" and name:
            self._select = name
            self._select_multiple = "multiple" in attrs
            self.options.setdefault(name, [])
            self.data.setdefault(name, [])
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            self.options[self._select].append(value)
            if "selected" in attrs:
                self.data[self._select].append(value)
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
        if tag == "select" and self._select:
            # A single select with nothing marked selected posts its first option.
            if not self._select_multiple and not self.data[self._select]:
                self.data[self._select] = self.options[self._select][:1]
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            # The first newline after <textarea> is not part of the value.
            value = self.data[self._textarea][0] + data
            self.data[self._textarea] = [value.removeprefix("\n")]


def read_form(response):
    reader = _FormReader()
    reader.feed(response.content.decode())
    return reader.data, reader.options


def _first_real(options):
    return next((value for value in options if value not in ("", "None")), None)


def _by_name(name, values):
    """The value for `name` or, for a prefixed name ("root_code", "admin_password1"), for its
    shorter ends ("code", "password1")."""
    parts = name.split("_")
    for start in range(len(parts)):
        if "_".join(parts[start:]) in values:
            return values["_".join(parts[start:])]
    return None


def _value_for(name, field, options, label):
    """A valid value for one form field, by its name or its type."""
    override = OVERRIDES.get(label, {})
    if name in override:
        return override[name]
    if isinstance(field, ReadOnlyPasswordHashField):
        return None
    if isinstance(field, forms.ModelMultipleChoiceField):
        first = _first_real(options)
        return [first] if first else []
    if isinstance(field, (forms.ModelChoiceField, forms.ChoiceField)):
        return _first_real(options) or ""
    if isinstance(field, forms.BooleanField):
        return None  # left as rendered
    if isinstance(field, forms.SplitDateTimeField):
        return {f"{name}_0": A_DATE, f"{name}_1": A_TIME}
    if isinstance(field, forms.DateTimeField):
        return f"{A_DATE} {A_TIME}"
    if isinstance(field, forms.DateField):
        return A_DATE
    if isinstance(field, forms.TimeField):
        return A_TIME
    if isinstance(field, forms.EmailField):
        return VALUES_BY_NAME["email"]
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        if _by_name(name, VALUES_BY_NAME) is not None:
            return _by_name(name, VALUES_BY_NAME)
        return None  # the rendered default (a model's default is valid by design) or below
    if isinstance(field, forms.JSONField):
        return None
    if isinstance(field, forms.FileField):
        return None
    value = _by_name(name, VALUES_BY_NAME) or "Nội dung thử nghiệm của phường Sài Gòn"
    max_length = getattr(field, "max_length", None)
    return value[:max_length] if max_length else value


def fill(data, options, form, prefix, label):
    """Fill `form`'s fields in `data` (names with `prefix`) with valid values."""
    for name, field in form.fields.items():
        key = f"{prefix}-{name}" if prefix else name
        if field.disabled or field.widget.is_hidden:
            continue  # kept as rendered (an inline's parent key, an id)
        value = _value_for(name, field, options.get(key, []), label)
        if isinstance(value, dict):
            data.update({f"{key}{k.removeprefix(name)}": [v] for k, v in value.items()})
        elif isinstance(value, list):
            data[key] = value
        elif value is not None:
            data[key] = [value]
        elif isinstance(field, (forms.IntegerField, forms.DecimalField)) and not any(
            data.get(key, [])
        ):
            data[key] = [str(max(field.min_value or 1, 1))]


def _post(client, url, data, uploads):
    payload = {name: values if len(values) != 1 else values[0] for name, values in data.items()}
    payload.update(uploads)
    payload["_save"] = "Lưu"
    return client.post(url, payload)


def _url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.fixture
def world():
    """A ward (UBND phường) with its office and a school, their staff, and its users."""
    root = UnitFactory(
        kind=kind("ubnd-xa"),
        name="Ủy ban nhân dân phường Sài Gòn",
        code="UBND-SG",
    )
    office = UnitFactory(parent=root, name="Phòng Văn hóa - Xã hội", code="VHXH")
    school = UnitFactory(parent=office, name="Trường Tiểu học Lê Quý Đôn", code="TH-LQD")
    PersonFactory(unit=school, full_name="Trần Văn Minh")
    PersonFactory(unit=office, full_name="Lê Thị Hoa")
    return {"root": root, "office": office, "school": school}


def _users(world):
    return {
        "platform operator": UserFactory(
            tenant=None, username="van.hanh", is_staff=True, is_superuser=True
        ),
        "tenant administrator": member(world["root"], Role.TENANT_ADMIN, username="quan.tri"),
    }


def _builder(model):
    return FACTORY_FOR_MODEL.get(model) or EXTRA_BUILDERS.get(_label(model))


def _walk_add(client, request, model, model_admin, label, failures):
    allowed = model_admin.has_add_permission(request)
    page = client.get(_url(model, "add"))
    if not allowed:
        if page.status_code != 403:
            failures.append(f"{label} add: answers {page.status_code} where it may not add")
        return False
    if page.status_code != 200:
        failures.append(f"{label} add: GET answers {page.status_code}")
        return False
    data, options = read_form(page)
    form = page.context["adminform"].form
    fill(data, options, form, "", label)
    inline_models = []
    for inline in page.context.get("inline_admin_formsets", []):
        formset = inline.formset
        extra = formset.forms[formset.initial_form_count() :]
        if extra:
            fill(data, options, extra[0], extra[0].prefix, label)
            inline_models.append(formset.model)
    before = model._default_manager.count()
    inline_before = [m._default_manager.count() for m in inline_models]
    answer = _post(client, _url(model, "add"), data, _uploads(label))
    if answer.status_code != 302:
        errors = _errors(answer)
        failures.append(f"{label} add: answers {answer.status_code} {errors}")
        return False
    if model._default_manager.count() != before + 1:
        failures.append(f"{label} add: redirected but no row was added")
        return False
    for inline_model, count in zip(inline_models, inline_before, strict=True):
        if inline_model._default_manager.count() != count + 1:
            failures.append(f"{label} add: its {inline_model.__name__} row was not saved")
    added = model._default_manager.order_by("-pk").first()
    for name, field in form.fields.items():
        if isinstance(field, forms.DateField) and getattr(added, name, None) != TODAY:
            failures.append(f"{label} add: {name} {A_DATE} saved as {getattr(added, name)}")
    return True


def _errors(answer):
    context = answer.context
    if not context or "adminform" not in context:
        return ""
    found = dict(context["adminform"].form.errors)
    for inline in context.get("inline_admin_formsets", []):
        found.update({"inline": inline.formset.errors, **found})
    return found


def _edit(data, form, label):
    """Edit one text field of the posted change form; returns (field, new value)."""
    for name, field in form.fields.items():
        if (
            type(field) is forms.CharField
            and not field.disabled
            and name not in ("username", "code", "citizen_id", "slug", "password")
            and name in data
            and data[name][:1] != [""]
        ):
            new = f"{data[name][0]} (sửa)"[: field.max_length or None]
            data[name] = [new]
            return name, new
    for name, field in form.fields.items():
        if isinstance(field, forms.IntegerField) and name in data and data[name][:1] != [""]:
            new = str(int(data[name][0]) + 1)
            data[name] = [new]
            return name, int(new)
    return None, None


def _walk_change(client, request, model, model_admin, label, root, failures, expected):
    build = _builder(model)
    if build is None:
        failures.append(f"{label} change: no builder (FACTORY_FOR_MODEL or EXTRA_BUILDERS)")
        return False
    # Under a fresh unit of the tenant: what the add walk made never collides with it.
    obj = build(UnitFactory(parent=root))
    obj = obj[0] if isinstance(obj, tuple) else obj
    viewable = model_admin.has_view_permission(request, obj) or model_admin.has_change_permission(
        request, obj
    )
    allowed = model_admin.has_change_permission(request, obj)
    expected["change"] += bool(allowed)
    url = _url(model, "change", obj.pk)
    page = client.get(url)
    if not viewable:
        if page.status_code not in (403, 302):
            failures.append(f"{label} change: answers {page.status_code} where it may not see")
        return False
    if page.status_code != 200:
        failures.append(f"{label} change: GET answers {page.status_code}")
        return False
    data, _options = read_form(page)
    if not allowed:
        answer = client.post(url, {**{k: v for k, v in data.items()}, "_save": "Lưu"})
        if answer.status_code != 403:
            failures.append(f"{label} change: a read-only admin answers {answer.status_code}")
        return False
    form = page.context["adminform"].form
    edited, new = _edit(data, form, label)
    answer = _post(client, url, data, {})
    if answer.status_code != 302 or answer.url != _url(model, "changelist"):
        failures.append(f"{label} change: answers {answer.status_code} {_errors(answer)}")
        return False
    if edited:
        obj.refresh_from_db()
        saved = getattr(obj, edited)
        if saved != new:
            failures.append(f"{label} change: {edited} saved as {saved!r}, not {new!r}")
            return False
    return True


@pytest.mark.parametrize("role", ["platform operator", "tenant administrator"])
def test_every_admin_form_saves_valid_data(client, world, role, record_property):
    user = _users(world)[role]
    client.force_login(user)
    request = RequestFactory().get("/admin/")
    request.user = user
    failures: list[str] = []
    saved = {"add": 0, "change": 0}
    expected = {"add": 0, "change": 0}
    saved_labels: dict[str, list[str]] = {"add": [], "change": []}
    for model, model_admin in ADMINS:
        label = _label(model)
        # Each admin in its own savepoint: one that fails leaves the others a clean database.
        expected["add"] += bool(model_admin.has_add_permission(request))
        for view in ("add", "change"):
            try:
                with transaction.atomic():
                    if view == "add":
                        ok = _walk_add(client, request, model, model_admin, label, failures)
                    else:
                        ok = _walk_change(
                            client,
                            request,
                            model,
                            model_admin,
                            label,
                            world["root"],
                            failures,
                            expected,
                        )
                    saved[view] += bool(ok)
                    if ok:
                        saved_labels[view].append(label)
            except Exception as error:  # a server error: the walk records it and goes on
                failures.append(f"{label} {view}: {type(error).__name__}: {error}")
    print(f"\n{role}: {saved['add']} add forms and {saved['change']} change forms saved")
    for view, labels in saved_labels.items():
        print(f"  {view}: {', '.join(labels)}")
    record_property(f"{role} add forms saved", saved["add"])
    record_property(f"{role} change forms saved", saved["change"])
    assert not failures, "\n".join(failures)
    assert saved["add"] >= expected["add"] > 0
    assert saved["change"] >= expected["change"] > 0


def test_the_walk_reads_a_form_as_a_browser_posts_it(client, world):
    """The reader keeps selected options, checked boxes and textareas, and leaves files out."""
    client.force_login(_users(world)["platform operator"])
    from awards.models import AwardType

    page = client.get(_url(AwardType, "add"))
    data, options = read_form(page)
    assert "name" in data and "dossier_parts" in data
    assert data["is_active"] == ["on"]  # checked by default
    assert set(options["subject"]) >= {"collective", "individual"}
    assert "_save" not in data


def test_a_tenant_administrator_sees_no_platform_admin(client, world):
    """Login protection (django-axes), authenticator devices (django-otp) and tenants are the
    platform's: a tenant administrator's admin index does not list them and their pages
    refuse."""
    client.force_login(_users(world)["tenant administrator"])
    index = client.get(reverse("admin:index")).content.decode()
    for model_label in ("axes.accessattempt", "otp_totp.totpdevice", "units.tenant"):
        app_label, model_name = model_label.split(".")
        url = reverse(f"admin:{app_label}_{model_name}_changelist")
        assert url not in index
        assert client.get(url).status_code == 403


# What Django's and the third-party apps' catalogs left in English before locale/vi named them.
ENGLISH = (
    "Please correct the error",
    "Please correct the errors",
    "Show counts",
    "Skip to main content",
    "Toggle theme",
    "Select all objects on this page",
    "Select this object for an action",
    "After you’ve created a user",
    "Enter a valid",
    "Access attempts",
    "Access logs",
    "TOTP device",
    "Otp_Totp",
    ">Axes<",
    "Django site admin",
    ">Depth<",
    "Can add ",
)


@pytest.mark.parametrize("role", ["platform operator", "tenant administrator"])
def test_the_admin_speaks_vietnamese_to_both_administrators(client, world, role):
    client.force_login(_users(world)[role])
    pages = [reverse("admin:index")]
    for model, _model_admin in ADMINS:
        pages += [_url(model, "changelist"), _url(model, "add")]
    for url in pages:
        answer = client.get(url)
        if answer.status_code != 200:
            continue  # not theirs (403) or read-only by design: the walk above checks that
        html = answer.content.decode()
        if url.endswith("/add/"):
            # An empty form: the page with its errors.
            html += client.post(url, {"_save": "Lưu"}).content.decode()
        leftovers = [phrase for phrase in ENGLISH if phrase in html]
        assert not leftovers, f"{role} {url}: {leftovers}"
