"""The catalogue of published challenges: filters, search, pages; the same list as CSV and JSON."""

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from challenges import exports
from challenges.filters import CatalogueForm, catalogue_form, filter_challenges
from challenges.models import Challenge
from gnist.spreadsheets import write_excel_csv
from municipalities.models import Municipality

PAGE_SIZE = 20


def _catalogue(request) -> tuple[CatalogueForm, dict]:
    form = catalogue_form(request.GET or None)
    return form, form.valid_filters()


def _link(request, name: str, value) -> str:
    """The catalogue with one filter set (or removed, for None), the others kept, back on the first page."""
    query = request.GET.copy()
    query.pop("page", None)
    if value is None:
        query.pop(name, None)
    else:
        query[name] = value
    return f"?{query.urlencode()}" if query else "?"


def _link_groups(request, form: CatalogueForm, filters: dict) -> list[dict]:
    """Each filter as plain links (the form has them all; these are the short lists)."""
    groups = []
    for name in ("round", "county", "theme", "status", "open"):
        current = request.GET.get(name, "") if name in filters else ""
        links = [
            {
                "label": label,
                "url": _link(request, name, str(value) or None),
                "current": str(value) == current,
            }
            for value, label in form.fields[name].choices
        ]
        if len(links) > 1:
            groups.append({"name": name, "label": form.fields[name].label, "links": links})
    return groups


@require_GET
def catalogue(request):
    form, filters = _catalogue(request)
    challenges = (
        filter_challenges(Challenge.objects.published(), filters)
        .select_related("participant__round")
        .prefetch_related(
            "themes",
            Prefetch("participant__municipalities", queryset=Municipality.objects.select_related("county")),
        )
    )
    page = Paginator(challenges, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    chosen = form.chosen(filters)
    return render(
        request,
        "challenges/catalogue.html",
        {
            "form": form,
            "filters": filters,
            "page_obj": page,
            "challenges": page.object_list,
            "link_groups": _link_groups(request, form, filters),
            "chosen_count": len(chosen),
            # The filters fold away on the page; open while one is chosen, the order changed or one is wrong.
            "filters_open": bool(chosen or form.errors or filters.get("sort") == CatalogueForm.SORT_NEWEST),
            "query": query.urlencode(),
            "theme_feed": filters.get("theme"),
            "county_feed": request.GET.get("county") if "county" in filters else None,
            "licence": exports.LICENCE,
            "licence_note": exports.LICENCE_NOTE,
            "breadcrumbs": [{"label": _("Challenges"), "url": ""}],
        },
    )


def _exported(request):
    _form, filters = _catalogue(request)
    return exports.with_export_data(filter_challenges(Challenge.objects.published(), filters))


@require_GET
def catalogue_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="gnist-utfordringer.csv"'
    write_excel_csv(response, exports.csv_rows(_exported(request), request.build_absolute_uri))
    return response


@require_GET
def catalogue_json(request):
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    source = request.build_absolute_uri(reverse("challenges:catalogue") + query)
    document = exports.json_document(_exported(request), request.build_absolute_uri, source=source)
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})


# --- sections on the municipalities app's pages (registered in challenges/apps.py) ---------------------


def _catalogue_url(**filters) -> str:
    return f"{reverse('challenges:catalogue')}?{urlencode(filters)}"


def round_section(request, round_) -> dict:
    """The round page's list of the round's published challenges (one query)."""
    challenges = (
        Challenge.objects.published()
        .for_round(round_)
        .select_related("participant")
        .order_by("participant__display_name", "pk")
    )
    return {"challenges": list(challenges), "catalogue_url": _catalogue_url(round=round_.number)}


def municipality_section(request, municipality) -> dict:
    """The municipality page's list of its published challenges, and those of the municipality it continues
    under the same name (its number before 2024), newest first (one query)."""
    same_place = Q(participant__municipalities=municipality) | Q(
        participant__municipalities__in=municipality.predecessors.filter(name=municipality.name)
    )
    challenges = (
        Challenge.objects.published()
        .filter(pk__in=Challenge.objects.filter(same_place).values("pk"))
        .select_related("participant__round")
        .order_by("-participant__round__number", "-published_at", "-pk")
    )
    return {
        "challenges": list(challenges),
        "catalogue_url": _catalogue_url(municipality=municipality.number),
        "municipality": municipality,
    }
