"""Settings for `make bench`: the production settings from the environment, plus the benchmark's own URLs."""

from gnist.settings import *  # noqa: F403
from gnist.settings import INSTALLED_APPS, VAR_DIR

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # for its seed_scale command
ROOT_URLCONF = "bench.urls"
# Apart from `make run`'s plain static files: the benchmark serves hashed, compressed files like production.
STATIC_ROOT = VAR_DIR / "bench-static"
