"""The map of Norway drawn from the municipalities' coordinates: the projection and the round's markers."""

import datetime
import re
from decimal import Decimal

from django.urls import reverse
from django.utils import translation

from municipalities import maps
from municipalities.models import Municipality, Participant
from tests.factories import MunicipalityFactory, ParticipantFactory, RoundFactory

ROUND_3_GNIST = [
    "Åseral", "Suldal", "Nore og Uvdal", "Skjervøy", "Sogndal", "Luster", "Aurland", "Lom", "Vanylven",
    "Nome", "Sortland",
]  # fmt: skip
ROUND_3_FOLLOW = [
    "Gjerstad", "Kongsvinger", "Hemsedal", "Tokke", "Dovre", "Stad", "Eigersund", "Averøy", "Kvinesdal",
    "Østre Toten", "Rana", "Nordreisa",
]  # fmt: skip


def inside(point: tuple[int, int]) -> bool:
    x, y = point
    return 0 <= x <= maps.WIDTH and 0 <= y <= maps.HEIGHT


def group(html: str, name: str) -> str:
    return html.split(f'<g class="round-map__{name}">', 1)[1].split("</g>", 1)[0]


def test_project_puts_mainland_norway_inside_the_view_box():
    corners = [(57.9, 7.05), (71.2, 27.6), (61.0, 4.5), (70.4, 31.2)]

    assert [inside(maps.project(lat, lon)) for lat, lon in corners] == [True] * 4
    assert maps.project(Decimal("59.9724"), Decimal("10.77573")) == maps.project(59.9724, 10.77573)
    assert (maps.WIDTH, maps.HEIGHT) == (587, 745)


def test_project_keeps_north_up_and_east_right():
    oslo, bergen = maps.project(59.9724, 10.77573), maps.project(60.35609, 5.37924)
    nordkapp, farsund = maps.project(71.04713, 25.94062), maps.project(58.03873, 6.58488)

    assert oslo[0] > bergen[0]
    assert nordkapp[1] < farsund[1]


def test_every_real_municipality_lands_inside_the_view_box(reference_data):
    points = Municipality.objects.values_list("latitude", "longitude")

    assert [inside(maps.project(lat, lon)) for lat, lon in points] == [True] * (356 + 357)


def test_points_in_use_takes_the_structure_of_the_date_else_the_newest():
    rows = [
        ("1001", Decimal(60), Decimal(10), datetime.date(2020, 1, 1), datetime.date(2023, 12, 31)),
        ("1002", Decimal(61), Decimal(11), datetime.date(2020, 1, 1), datetime.date(2023, 12, 31)),
        ("1002", Decimal(62), Decimal(12), datetime.date(2024, 1, 1), None),
    ]

    assert maps.points_in_use(rows, datetime.date(2021, 1, 1)) == [(60, 10), (61, 11)]
    assert maps.points_in_use(rows, datetime.date(2025, 1, 1)) == [(62, 12)]
    assert maps.points_in_use(rows[:2], datetime.date(2025, 1, 1)) == [(60, 10), (61, 11)]


def test_round_map_links_each_follow_municipality_to_the_nearest_of_its_lead(db):
    south = MunicipalityFactory(name="Sør", latitude=Decimal(58), longitude=Decimal(8))
    north = MunicipalityFactory(name="Nord", latitude=Decimal(69), longitude=Decimal(18))
    follower = MunicipalityFactory(name="Følger", latitude=Decimal(68), longitude=Decimal(16))
    lead = ParticipantFactory(municipalities=[south, north])
    ParticipantFactory(
        round=lead.round, role=Participant.Role.FOLLOW, follows=lead, municipalities=[follower]
    )
    lead = (
        lead.round.participants.gnist().prefetch_related("municipalities", "followers__municipalities").get()
    )

    result = maps.round_map([(Decimal(60), Decimal(10))], [lead])

    assert [marker.name for marker in result.gnist] == ["Nord", "Sør"]
    assert [marker.name for marker in result.follow] == ["Følger"]
    assert result.lines == [maps.Line(*maps.project(68, 16), *maps.project(69, 18))]
    assert result.dots == "M{} {}h0".format(*maps.project(60, 10))
    x, y = maps.project(68, 16)
    assert result.follow[0].diamond == f"M{x} {y - 9}l9 9-9 9-9-9z"


def test_round_map_is_none_without_coordinates(db):
    lead = ParticipantFactory(round=RoundFactory())

    assert maps.round_map([(Decimal(60), Decimal(10))], [lead]) is None


def test_round_3_map_marks_each_gnist_and_follow_municipality_once(client, reference_data):
    response = client.get("/runder/3/")

    svg = response.text.split('<svg class="round-map__image"', 1)[1].split("</svg>", 1)[0]
    gnist = re.findall(r"<circle [^>]*><title>([^<]+)</title></circle>", group(svg, "gnist"))
    follow = re.findall(r"<path d=\"[^\"]+\"><title>([^<]+)</title></path>", group(svg, "follow"))
    assert sorted(gnist) == sorted(ROUND_3_GNIST)
    assert sorted(follow) == sorted(ROUND_3_FOLLOW)
    assert group(svg, "lines").count("<line ") == 12
    assert svg.split('class="round-map__dots" d="', 1)[1].split('"', 1)[0].count("h0") == 356


def test_round_3_map_is_one_image_with_a_summary_and_the_table_as_its_equivalent(client, reference_data):
    with translation.override("en"):
        url = reverse("municipalities:round_detail", kwargs={"number": 3})

    response = client.get(url)

    html = response.text
    assert '<svg class="round-map__image" role="img" aria-labelledby="round-map-title round-map-desc"' in html
    assert re.search(r'<title id="round-map-title">([^<]+)</title>', html).group(1) == (
        "Map of Norway with the Gnist and follow municipalities of round 3"
    )
    assert " ".join(re.search(r'<desc id="round-map-desc">([^<]+)</desc>', html).group(1).split()) == (
        "11 Gnist municipalities are marked with circles. 12 follow municipalities are marked with diamonds, "
        "each with a line to the Gnist municipality it follows. The table below lists them by county."
    )
    assert "style=" not in html.split('<div class="round-map">', 1)[1].split("</div>", 1)[0]
    # The image comes first, the table with the same names right after it.
    assert html.index('class="round-map__image"') < html.index('<table class="ds-table participants-table')
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    names = set(re.findall(r'class="ds-link" href="[^"]+/\d{4}/">([^<]+)</a>', table))
    assert names == set(ROUND_3_GNIST) | set(ROUND_3_FOLLOW)


def test_round_map_is_left_out_before_the_announcement(client, db):
    round_ = RoundFactory()

    response = client.get(round_.get_absolute_url())

    assert 'class="round-map' not in response.text
