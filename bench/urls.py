from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as application


def hello(request):
    return HttpResponse("Xin chào", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/hello/", hello, name="bench_hello"), *application]
