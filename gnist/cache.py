"""Django's Redis cache, with one redis-py client per connection pool instead of one per operation.

Django's RedisCacheClient makes a new `redis.Redis` for every get and set (~50 µs of CPU each); a signed-in
page asks the cache several times (the session, the content version and what `gnist.pagecache.cached`
keeps). A client is only a handle on its connection pool and is safe to share between threads, so one per
pool does.
"""

from django.core.cache.backends import redis


class _SharedClients(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClients
