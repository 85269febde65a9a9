"""Test-wide settings and the shared fixtures every app's tests use."""

import pytest
from django.core.cache import cache

from gnist.celery import app as celery_app


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Fast, isolated defaults: eager tasks, a private cache, plain static storage (pytest-django sets locmem mail)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.GNIST_REQUIRE_STAFF_MFA = True
    settings.SECURE_SSL_REDIRECT = False
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    cache.clear()
    yield
    cache.clear()
