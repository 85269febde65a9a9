"""gnist.cache.RedisCache: Django's Redis cache sharing one client per connection pool."""

import os
import threading
import uuid

import pytest

from gnist.cache import RedisCache

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="REDIS_URL is unset: no Redis to test with"
)


@pytest.fixture
def backend():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.clear()


def test_one_client_serves_every_operation_and_values_round_trip(backend):
    backend.set("round", {"number": 3, "title": "Runde 3"}, 60)
    backend.set_many({"a": 1, "b": "to"}, 60)

    assert backend.get("round") == {"number": 3, "title": "Runde 3"}
    assert backend.get_many(["a", "b", "missing"]) == {"a": 1, "b": "to"}
    assert backend.incr("a") == 2
    assert backend._cache.get_client() is backend._cache.get_client("round", write=True)


def test_threads_sharing_the_client_each_read_their_own_values(backend):
    wrong = []

    def work(number):
        for step in range(50):
            backend.set(f"key-{number}", (number, step), 60)
            if backend.get(f"key-{number}") != (number, step):
                wrong.append((number, step))

    threads = [threading.Thread(target=work, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert wrong == []
