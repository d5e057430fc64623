"""The project's settings with the bench's URLs: the application's own plus a hello-world
page, the floor every hot page is compared with (same middleware, same session)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# Django's test client measures the pages in the process.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405
