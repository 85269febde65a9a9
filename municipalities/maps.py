"""A map of mainland Norway drawn from the municipalities' coordinates, for a template-rendered inline SVG.

Nothing is fetched from outside: the municipalities are dots, the round's participants are markers, and a line
runs from each follow municipality to the Gnist municipality it follows. No JavaScript, no tiles.
"""

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

# A spherical transverse Mercator around 15° E, the central meridian of UTM zone 33 that Norway's maps use:
# it keeps the long country its familiar shape, where a plain latitude/longitude grid stretches Finnmark.
CENTRAL_MERIDIAN = math.radians(15.0)
SCALE = 3000  # SVG units per radian of the earth: about 2 km per unit, so whole numbers are precise enough.
PADDING = 20
DIAMOND = (
    9  # Half the diagonal of a follow marker, in SVG units; the Gnist circles' radius is in the template.
)

# Mainland Norway's extreme points (south, north, west, east) frame every map the same way, whatever is on it.
FRAME = [(57.9, 7.05), (71.2, 27.6), (61.0, 4.5), (70.4, 31.2)]


def _transverse_mercator(latitude: float, longitude: float) -> tuple[float, float]:
    """(x, y) in radians on the unit sphere: x grows eastwards, y northwards."""
    phi, delta = math.radians(latitude), math.radians(longitude) - CENTRAL_MERIDIAN
    b = math.cos(phi) * math.sin(delta)
    return 0.5 * math.log((1 + b) / (1 - b)), math.atan2(math.tan(phi), math.cos(delta))


_FRAME_POINTS = [_transverse_mercator(lat, lon) for lat, lon in FRAME]
_WEST = min(x for x, _ in _FRAME_POINTS)
_NORTH = max(y for _, y in _FRAME_POINTS)
WIDTH = round((max(x for x, _ in _FRAME_POINTS) - _WEST) * SCALE) + 2 * PADDING
HEIGHT = round((_NORTH - min(y for _, y in _FRAME_POINTS)) * SCALE) + 2 * PADDING


def project(latitude: float | Decimal, longitude: float | Decimal) -> tuple[int, int]:
    """SVG coordinates (x to the right, y downwards) of a point given in EPSG:4258 degrees."""
    x, y = _transverse_mercator(float(latitude), float(longitude))
    return round((x - _WEST) * SCALE) + PADDING, round((_NORTH - y) * SCALE) + PADDING


@dataclass(frozen=True)
class Marker:
    name: str
    x: int
    y: int

    @property
    def diamond(self) -> str:
        """The follow municipalities' marker: a diamond, so it differs from the Gnist circles by shape too."""
        return f"M{self.x} {self.y - DIAMOND}l{DIAMOND} {DIAMOND}-{DIAMOND} {DIAMOND}-{DIAMOND}-{DIAMOND}z"


@dataclass(frozen=True)
class Line:
    x1: int
    y1: int
    x2: int
    y2: int


@dataclass(frozen=True)
class RoundMap:
    dots: str  # One path of zero-length segments: with round caps each is a dot, 356 dots in about 4 kB.
    gnist: list[Marker] = field(default_factory=list)
    follow: list[Marker] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def _markers(participant) -> list[Marker]:
    """A marker per municipality of the participant with coordinates (uses prefetched municipalities)."""
    return [
        Marker(municipality.name, *project(municipality.latitude, municipality.longitude))
        for municipality in participant.sorted_municipalities
        if municipality.latitude is not None and municipality.longitude is not None
    ]


def _nearest(marker: Marker, candidates: list[Marker]) -> Marker:
    return min(candidates, key=lambda other: (other.x - marker.x) ** 2 + (other.y - marker.y) ** 2)


def round_map(points: Iterable[tuple[Decimal, Decimal]], gnist_participants: Iterable) -> RoundMap | None:
    """The map of a round: every point as a faint dot, the Gnist and follow municipalities as markers.

    `gnist_participants` are the round's Gnist participants with their municipalities and followers (and the
    followers' municipalities) prefetched. Each follow municipality gets a line to the nearest municipality
    of the participant it follows. None when no participant has coordinates: then there is nothing to show.
    """
    dots = "".join("M{} {}h0".format(*project(latitude, longitude)) for latitude, longitude in points)
    gnist, follow, lines = [], [], []
    for participant in gnist_participants:
        leads = _markers(participant)
        gnist += leads
        for follower in participant.sorted_followers:
            for marker in _markers(follower):
                follow.append(marker)
                if leads:
                    lead = _nearest(marker, leads)
                    lines.append(Line(marker.x, marker.y, lead.x, lead.y))
    if not gnist and not follow:
        return None
    return RoundMap(dots=dots, gnist=gnist, follow=follow, lines=lines)


def points_in_use(rows: Iterable[tuple], on: datetime.date) -> list[tuple[Decimal, Decimal]]:
    """Coordinates of the municipalities valid on a date, from (number, lat, lon, valid_from, valid_to) rows.

    Where no structure is known for that date (e.g. a round after the newest loaded structure), each number's
    newest period is used instead, so the map of a new round still shows the country.
    """
    rows = list(rows)
    valid = [row for row in rows if row[3] <= on and (row[4] is None or row[4] >= on)]
    if not valid:
        newest = {}
        for row in sorted(rows, key=lambda row: row[3]):
            newest[row[0]] = row
        valid = list(newest.values())
    return [(row[1], row[2]) for row in sorted(valid, key=lambda row: row[0])]
