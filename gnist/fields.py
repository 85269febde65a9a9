"""Model fields shared by the apps."""

from django.conf import settings
from django.db import models


def actor_field(verbose_name, *, related_name: str = "+", blank: bool = True) -> models.ForeignKey:
    """Who did something (decided, removed, submitted …): the record survives the person's account."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=blank,
        related_name=related_name,
        verbose_name=verbose_name,
    )
