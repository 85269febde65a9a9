"""The client address every per-address limit is keyed on, with and without proxies in front."""

import pytest
from django.test import RequestFactory

from gnist.ratelimit import client_ip


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "", "10.0.0.2"),
        (0, "203.0.113.7", "10.0.0.2"),  # Not behind a proxy: the header is the client's own writing.
        (1, "", "10.0.0.2"),  # Reached directly, past the proxy.
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.4, 203.0.113.7", "203.0.113.7"),  # The client's own entry is ignored.
        (2, "198.51.100.4, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
    ],
)
def test_client_ip_trusts_only_the_proxies_entries(settings, proxies, forwarded_for, expected):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **headers)

    assert client_ip(request) == expected
