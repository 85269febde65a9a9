"""Settings from the environment: production values pass the deploy checks, bad values stop start-up."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
# The variables settings.py reads; each case starts from none of them so the developer's shell cannot leak in.
SETTINGS_VARIABLES = [
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_SECURE_HSTS_SECONDS",
    "DJANGO_BEHIND_PROXY",
    "DJANGO_TRUSTED_PROXY_COUNT",
    "REDIS_URL",
    "GNIST_REQUIRE_STAFF_MFA",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "DJANGO_MEDIA_ROOT",
    "DJANGO_PRIVATE_ROOT",
    "GNIST_S3_BUCKET",
    "GNIST_S3_PRIVATE_BUCKET",
    "GNIST_S3_ENDPOINT_URL",
    "DATABASE_URL",
    "DATABASE_CONN_MAX_AGE",
    "DATABASE_PREPARE_THRESHOLD",
    "GNIST_CONTENT_CACHE_SECONDS",
    # Set by the browser tests for Playwright; `check --deploy` rightly refuses it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
]


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "gnist.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings(*names: str, **env: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with `env` and print the named values."""
    printed = ", ".join(f"settings.{name}" for name in names)
    return _run(f"import django; django.setup(); from django.conf import settings; print({printed})", **env)


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "gnist.example.no",
    "EMAIL_HOST": "smtp.example.no",
    "REDIS_URL": "redis://redis.example.no:6379/0",
}
CHECK_DEPLOY = (
    "from django.core.management import execute_from_command_line; "
    "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
)


def test_check_deploy_passes_with_production_values():
    result = _run(CHECK_DEPLOY, **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_passes_with_both_storages_on_s3():
    s3 = {"GNIST_S3_BUCKET": "gnist-media", "GNIST_S3_ENDPOINT_URL": "https://s3.example.no"}
    storages = _settings(
        'STORAGES["default"]["BACKEND"]',
        'STORAGES["private"]["BACKEND"]',
        'STORAGES["private"]["OPTIONS"]["bucket_name"]',
        'STORAGES["private"]["OPTIONS"]["location"]',
        **PRODUCTION,
        **s3,
    )
    result = _run(CHECK_DEPLOY, **PRODUCTION, **s3)

    assert storages.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "gnist.s3.PrivateS3Storage",
        "gnist-media",
        "private",
    ]
    assert result.returncode == 0, result.stderr


def test_check_deploy_fails_with_private_files_inside_media(tmp_path):
    result = _run(
        CHECK_DEPLOY,
        **PRODUCTION,
        DJANGO_MEDIA_ROOT=str(tmp_path),
        DJANGO_PRIVATE_ROOT=str(tmp_path / "private"),
    )

    assert result.returncode != 0
    assert "(gnist.E001)" in result.stderr


def test_check_deploy_fails_without_an_smtp_host():
    # Without EMAIL_HOST e-mails are printed to the console, which loses them in production.
    result = _run(CHECK_DEPLOY, **{**PRODUCTION, "EMAIL_HOST": ""})

    assert result.returncode != 0
    assert "(mail.E001)" in result.stderr


def test_check_deploy_warns_that_limits_are_per_process_without_redis():
    result = _run(CHECK_DEPLOY, **{**PRODUCTION, "REDIS_URL": ""})

    assert result.returncode != 0
    assert "(gnist.W001) REDIS_URL is not set" in result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "0"),
        ({"DJANGO_BEHIND_PROXY": "1"}, "1"),
        ({"DJANGO_BEHIND_PROXY": "1", "DJANGO_TRUSTED_PROXY_COUNT": "2"}, "2"),
    ],
)
def test_trusted_proxy_count_defaults_to_one_behind_a_proxy(env, expected):
    result = _settings("ALLAUTH_TRUSTED_PROXY_COUNT", **PRODUCTION, **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [expected]


def test_missing_secret_key_fails_loudly_when_debug_is_off():
    result = _settings("SECRET_KEY", DJANGO_DEBUG="0")

    assert result.returncode != 0
    assert "ImproperlyConfigured: Set the environment variable DJANGO_SECRET_KEY." in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2", "ja"])
def test_malformed_boolean_fails_loudly(value):
    result = _settings("DEBUG", DJANGO_DEBUG=value)

    assert result.returncode != 0
    assert f"ImproperlyConfigured: DJANGO_DEBUG must be a boolean (1/0, true/false), not {value!r}." in (
        result.stderr
    )


def test_without_redis_tasks_run_eagerly_with_local_memory_cache():
    result = _settings(
        "CELERY_TASK_ALWAYS_EAGER", "CACHES['default']['BACKEND']", DJANGO_DEBUG="1", DJANGO_SECRET_KEY=""
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.core.cache.backends.locmem.LocMemCache"]


def test_with_redis_tasks_go_to_the_broker_and_redis_caches():
    result = _settings(
        "CELERY_TASK_ALWAYS_EAGER",
        "CELERY_BROKER_URL",
        "CACHES['default']['BACKEND']",
        DJANGO_DEBUG="1",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "redis://127.0.0.1:6379/3",
        "gnist.cache.RedisCache",
    ]


@pytest.mark.parametrize(("env", "expected"), [({"DJANGO_DEBUG": "1"}, "0"), (PRODUCTION, "60")])
def test_connections_persist_with_health_checks_outside_debug(env, expected):
    result = _settings(
        "DATABASES['default']['CONN_MAX_AGE']", "DATABASES['default']['CONN_HEALTH_CHECKS']", **env
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [expected, "True"]


POSTGRES = "postgres://gnist@db.example.no:5432/gnist"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DATABASE_URL": POSTGRES}, "{'server_side_binding': True, 'prepare_threshold': 2}"),
        (
            {"DATABASE_URL": POSTGRES, "DATABASE_PREPARE_THRESHOLD": "0"},
            "{'server_side_binding': True, 'prepare_threshold': None}",
        ),
        (
            {"DATABASE_URL": POSTGRES + "?sslmode=require"},
            "{'sslmode': 'require', 'server_side_binding': True, 'prepare_threshold': 2}",
        ),
        ({}, "{}"),
    ],
    ids=["postgresql", "postgresql-behind-a-pooler", "postgresql-with-options", "sqlite"],
)
def test_postgresql_binds_parameters_on_the_server_and_prepares_repeated_queries(env, expected):
    result = _settings("DATABASES['default']['OPTIONS']", DJANGO_DEBUG="1", **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


@pytest.mark.parametrize(
    "env", [{"DJANGO_DEBUG": "1"}, {"DJANGO_DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:6379/3"}]
)
def test_the_layout_fragments_stay_in_each_workers_memory(env):
    result = _settings("CACHES['layout']['BACKEND']", **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.cache.backends.locmem.LocMemCache"]


def test_production_caches_templates_sessions_and_pages():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.template import engines; "
        "print(type(engines['django'].engine.template_loaders[0]).__module__, settings.SESSION_ENGINE, "
        "settings.GNIST_CONTENT_CACHE_SECONDS)"
    )
    result = _run(code, **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.template.loaders.cached",
        "django.contrib.sessions.backends.cached_db",
        "600",
    ]
