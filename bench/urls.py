"""The site's URLs plus the floor view; only `bench/settings.py` uses this URLconf."""

from django.urls import path

from bench.floor import floor
from gnist.urls import urlpatterns as site_urlpatterns

# Spliced rather than include()d: the site's URLs are i18n_patterns, which must sit at the root.
urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *site_urlpatterns]
