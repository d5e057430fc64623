"""The app's own error pages, in Vietnamese with the site's header: 403 (with the reason when
the code gives one), 404, the expired-form 403, and a 500 page that needs neither the
database nor a request; and the admin's titles, which Django writes "Trang web admin Django"."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import include, path, reverse
from django.views.defaults import server_error

from tests.factories import member
from units.models import Role


def _refused_with_reason(request):
    raise PermissionDenied("Chỉ hiệu trưởng của trường mới được nộp hồ sơ này.")


def _crash(request):
    raise RuntimeError("a bug")


# This module is the URLconf of the tests that need a view failing on purpose.
urlpatterns = [
    path("test-refused/", _refused_with_reason),
    path("test-crash/", _crash),
    path("", include("config.urls")),
]


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__


def _page(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_an_unknown_address_answers_our_404_in_vietnamese(client, tree):
    client.force_login(member(tree["a1"], Role.UNIT_STAFF))

    response = client.get("/khong-co-trang-nay/")

    page = _page(response)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page and "Về trang chủ" in page
    assert "Thi đua CCHC" in page and 'class="navbar' in page  # the site's header
    assert "Not Found" not in page and 'lang="vi"' in page


@pytest.mark.django_db
def test_a_404_for_a_visitor_not_logged_in_needs_no_account(client):
    response = client.get("/khong-co-trang-nay/")

    page = _page(response)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page and "Đăng xuất" not in page


@pytest.mark.django_db
def test_a_forbidden_page_answers_our_403_in_vietnamese(client, tree):
    client.force_login(member(tree["a1"], Role.UNIT_STAFF))

    response = client.get(reverse("units:audit"))

    page = _page(response)
    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này" in page
    assert "Thi đua CCHC" in page and "403 Forbidden" not in page
    assert 'data-testid="error-reason"' not in page  # no reason given, none made up


@pytest.mark.django_db
def test_a_refusal_with_a_reason_shows_the_reason(client, tree):
    client.force_login(member(tree["a1"], Role.UNIT_STAFF))

    response = client.get("/test-refused/")

    assert response.status_code == 403
    assert "Chỉ hiệu trưởng của trường mới được nộp hồ sơ này." in _page(response)


@pytest.mark.django_db
def test_an_expired_form_says_what_to_do(tree):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member(tree["a1"], Role.UNIT_STAFF))

    response = client.post(reverse("logout"))

    page = _page(response)
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in page and "tải lại trang" in page
    assert "CSRF verification failed" not in page and "Forbidden" not in page


@pytest.mark.django_db
def test_a_server_error_answers_our_500_in_vietnamese(client, tree):
    client.raise_request_exception = False
    client.force_login(member(tree["a1"], Role.UNIT_STAFF))

    response = client.get("/test-crash/")

    page = _page(response)
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố" in page and "Thi đua CCHC" in page
    assert "Server Error" not in page and "a bug" not in page


def test_the_500_page_renders_without_the_database():
    """No `db` fixture: any query would fail this test."""
    response = server_error(RequestFactory().get("/"))

    page = _page(response)
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố" in page and "Mã lỗi" in page


@pytest.mark.django_db
def test_the_admin_is_titled_in_vietnamese_not_as_django(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(tenant=None, is_staff=True, is_superuser=True))

    page = _page(client.get(reverse("admin:index")))

    assert "<title>Danh mục quản trị | Quản trị hệ thống thi đua CCHC</title>" in page
    assert "Quản trị hệ thống thi đua CCHC</a>" in page  # the header
    assert "Django" not in page and "Site quản trị hệ thống." not in page
