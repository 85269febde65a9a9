"""Loaded by pytest before Django (see pyproject.toml): tests run with DEBUG off, so need a made-up key."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-for-production-use-0123456789")
