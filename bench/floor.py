"""The framework floor: the cheapest page Django can serve through our middleware — one query, a 20-row table.

Every benchmark figure is a ratio to this view measured in the same run, so the numbers say what a page costs
beyond Django itself on this machine.
"""

from django.contrib.auth.models import Permission
from django.http import HttpResponse
from django.template import engines
from django.views.decorators.cache import never_cache

TEMPLATE = engines["django"].from_string(
    """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Floor</title></head>
<body><main><h1>Floor</h1>
<table><thead><tr><th>id</th><th>codename</th><th>name</th></tr></thead><tbody>
{% for id, codename, name in rows %}<tr><td>{{ id }}</td><td>{{ codename }}</td><td>{{ name }}</td></tr>
{% endfor %}</tbody></table></main></body></html>"""
)


# Never from the page cache: the floor is Django doing the work (one query, one template), not a cache hit.
@never_cache
def floor(request):
    rows = list(Permission.objects.order_by("pk").values_list("pk", "codename", "name")[:20])
    return HttpResponse(TEMPLATE.render({"rows": rows}))
