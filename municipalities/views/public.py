from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import ListView

from municipalities.forms import MunicipalitySearchForm
from municipalities.models import Municipality, Participant, Round, norwegian_key, sorted_by_name


def _municipalities_with_county():
    return Prefetch("municipalities", queryset=Municipality.objects.select_related("county").order_by("name"))


class RoundListView(ListView):
    template_name = "municipalities/round_list.html"
    context_object_name = "rounds"
    paginate_by = 20

    def get_queryset(self):
        return Round.objects.newest_first().with_participant_counts()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [{"label": _("Rounds"), "url": ""}]
        return context


def round_detail(request, number):
    round_ = get_object_or_404(Round.objects.prefetch_related("criteria", "phases"), number=number)
    followers = Participant.objects.order_by("display_name").prefetch_related(_municipalities_with_county())
    gnist = round_.participants.gnist().prefetch_related(
        _municipalities_with_county(), Prefetch("followers", queryset=followers)
    )
    # The table the programme publishes: Gnist municipalities by county, each with its follow municipalities.
    rows = sorted(
        gnist,
        key=lambda participant: (
            norwegian_key(participant.county_label),
            norwegian_key(participant.display_name),
        ),
    )
    return render(
        request,
        "municipalities/round_detail.html",
        {
            "round": round_,
            "rows": rows,
            "follow_count": sum(len(row.followers.all()) for row in rows),
            "breadcrumbs": [
                {"label": _("Rounds"), "url": reverse("municipalities:round_list")},
                {"label": round_.title, "url": ""},
            ],
        },
    )


def municipality_list(request):
    form = MunicipalitySearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    municipalities = sorted_by_name(Municipality.objects.search(query).select_related("county"))
    # Grouped by county for the template's regroup; a stable sort keeps the names in order within each.
    municipalities.sort(
        key=lambda municipality: (norwegian_key(municipality.county.name), municipality.county_id)
    )
    return render(
        request,
        "municipalities/municipality_list.html",
        {
            "form": form,
            "query": query,
            "municipalities": municipalities,
            "breadcrumbs": [{"label": _("Municipalities"), "url": ""}],
        },
    )


def municipality_detail(request, number):
    municipality = Municipality.objects.with_number(number).select_related("county").first()
    if municipality is None:
        raise Http404("No municipality with that number.")
    followers = Participant.objects.order_by("display_name").prefetch_related(_municipalities_with_county())
    participations = (
        municipality.participations.select_related("round", "follows")
        .prefetch_related(
            _municipalities_with_county(),
            Prefetch("follows__municipalities", queryset=Municipality.objects.order_by("name")),
            Prefetch("followers", queryset=followers),
        )
        .order_by("-round__start_year", "-round__number")
    )
    return render(
        request,
        "municipalities/municipality_detail.html",
        {
            "municipality": municipality,
            "participations": participations,
            "breadcrumbs": [
                {"label": _("Municipalities"), "url": reverse("municipalities:municipality_list")},
                {"label": municipality.name, "url": ""},
            ],
        },
    )
