"""System checks for deploy settings that Django's own `check --deploy` does not know about."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Without Redis the cache is per process: each gunicorn worker counts rate limits on its own."""
    if settings.DEBUG or settings.REDIS_URL:
        return []
    return [
        Warning(
            "REDIS_URL is not set: rate limits (sign-in, invitations) and caches live in each process's "
            "memory, so every web worker keeps its own count and the limits are multiplied.",
            hint="Set REDIS_URL to a Redis server shared by the web workers (it is also the Celery broker).",
            id="gnist.W001",
        )
    ]
