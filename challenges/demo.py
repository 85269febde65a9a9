# ruff: noqa: RUF002 -- the en dash between dates on purpose.
"""The challenges app's demo content: round 3's nine challenges, published with images and answered questions,
and two unpublished ones of Åseral (a draft and one in review) for the demo municipality account; and
Åseral's published challenge in demo round 6, whose challenge phase is open, with the demo supplier's
question answered.

Only for development and demos. Titles and summaries follow the programme's published facts (the shared
round-3-challenges.csv); every longer text is ours and starts with "Eksempeltekst:". Everything goes through
`challenges.services` at moments inside its round's challenge phase (round 3's: 10 March – 11 April 2022), as
the municipalities' staff and the programme would have done it then. Idempotent: a challenge already there
(same participant and title) is left as it is.
"""

import datetime
import io
import random
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from PIL import Image, ImageDraw

from accounts.models import User
from challenges import services
from challenges.images import prepare_image
from challenges.models import Challenge, SustainableDevelopmentGoal
from gnist.seeding import acting_as_programme
from municipalities.demo import DEMO_CHALLENGE_ROUND
from municipalities.models import Membership, Municipality, Participant, Round, Theme
from municipalities.reference_data import oslo

ROUND = 3
SAMPLE = "Eksempeltekst:"
CAPTION = "Illustrasjon laget for demoen."


@dataclass(frozen=True)
class Schedule:
    """When a challenge is written, sent for review and published, and when its first question is asked and
    answered and its clarification published: moments inside its round's challenge phase."""

    written: datetime.datetime
    submitted: datetime.datetime
    published: datetime.datetime
    asked: datetime.datetime
    answered: datetime.datetime
    clarified: datetime.datetime

    @classmethod
    def from_start(cls, opens: datetime.datetime) -> "Schedule":
        """The first two weeks of a challenge phase that opens at `opens` (midnight)."""
        day = datetime.timedelta(days=1)
        hour = datetime.timedelta(hours=1)
        return cls(
            written=opens + day + 9 * hour,
            submitted=opens + 2 * day + 9 * hour,
            published=opens + 3 * day + 9 * hour,
            asked=opens + 7 * day + 10 * hour,
            answered=opens + 9 * day + 14 * hour,
            clarified=opens + 11 * day + 12 * hour,
        )

    def later(self, delta: datetime.timedelta) -> "Schedule":
        """Every moment `delta` later."""
        return replace(self, **{f.name: getattr(self, f.name) + delta for f in fields(self)})


# Round 3's challenges are published one an hour apart from these moments, all inside its challenge phase.
ROUND_3_SCHEDULE = Schedule(
    written=oslo(2022, 3, 10, 9),
    submitted=oslo(2022, 3, 11, 9),
    published=oslo(2022, 3, 14, 9),
    asked=oslo(2022, 3, 21, 10),
    answered=oslo(2022, 3, 23, 14),
    clarified=oslo(2022, 3, 25, 12),
)
ASERAL_DRAFTS = oslo(2022, 3, 28, 10)


@dataclass
class Scene:
    """What the seed draws for a challenge: sky, mountain ridges, water and houses; `alt` says it in words."""

    alt: str
    sky: tuple[str, str]
    ridges: tuple[str, ...] = ("#5b7a99", "#3d5873")
    water: str | None = None
    houses: int = 0
    sun: bool = True


@dataclass
class DemoChallenge:
    participant: str
    slug: str  # the demo contact's address: demokontakt-<slug>@gnist.test
    title: str
    summary: str
    background: str
    needs: str
    target_groups: str
    themes: tuple[str, ...]
    goals: tuple[int, ...]
    scene: Scene | None = None
    questions: list[tuple[str, str]] = field(default_factory=list)  # (question, answer)
    clarification: tuple[str, str] | None = None  # (what it is about, the clarification)


CHALLENGES = [
    DemoChallenge(
        participant="Nome",
        slug="nome",
        title="Hvordan kan vi skape lokale verdier og et godt sted å bo rundt de sjeldne jordartene på Fen?",
        summary=(
            "Fensfeltet i Nome har en stor forekomst av sjeldne jordartsmetaller. Vi vil at en mulig "
            "utvinning skal gi lokal verdiskaping og stedsutvikling, ikke bare et hull i bakken."
        ),
        background=(
            "Fen er et lite tettsted med lang gruvehistorie. Interessen for sjeldne jordarter gir nye "
            "muligheter, men også uro for natur, landskap og hverdagen til dem som bor der."
        ),
        needs=(
            "Vi trenger ideer til hvordan kommunen, innbyggerne og næringslivet kan ta del i verdiene, og "
            "til et tettsted som blir bedre å bo i mens en eventuell drift pågår."
        ),
        target_groups="Innbyggerne på Fen og i Nome, lokale bedrifter, unge som vurderer å flytte hjem.",
        themes=("naeringsaktivitet", "stedsutvikling", "miljo-og-klima"),
        goals=(8, 9, 12),
        scene=Scene(
            alt="Illustrasjon: grønne åser under en lys morgenhimmel, med en gul sol over åsene.",
            sky=("#cfe3f7", "#fdf3d8"),
            ridges=("#7aa874", "#4f7f4a"),
        ),
        questions=[
            (
                "Er det bestemt at det blir gruvedrift på Fen, eller er det fortsatt usikkert?",
                "Det er ikke bestemt. Vi vil at oppdraget skal gi kommunen et bedre grunnlag uansett hva som "
                "skjer med forekomsten.",
            ),
            (
                "Kan vi snakke med innbyggere på Fen i tilbudsfasen?",
                "Ja, vi setter gjerne dere i kontakt med velforeningen. Si fra til kontaktpersonen.",
            ),
        ],
        clarification=(
            "Kart over området",
            "Kommunen har kart over Fensfeltet og tettstedet, og deler dem med alle som ber om det.",
        ),
    ),
    DemoChallenge(
        participant="Sogndal, Luster og Aurland",
        slug="sogndal-luster-aurland",
        title="Hvordan kan vi utvikle en bærekraftig bygdeturisme i Undredal, Solvorn og Fjærland?",
        summary=(
            "Tre små bygder tar imot mange besøkende, men har lite infrastruktur. Vi vil finne måter å ta "
            "imot turister på som bygdene, naturen og innbyggerne tåler."
        ),
        background=(
            "Om sommeren kommer det langt flere besøkende enn det bor folk i bygdene. Veiene er smale, det "
            "er få parkeringsplasser og toaletter, og de som bor der merker presset."
        ),
        needs=(
            "Vi trenger løsninger som sprer besøket bedre, gir inntekter som blir igjen i bygda, og gjør det "
            "lett å være en god gjest."
        ),
        target_groups="Innbyggere, reiselivsbedrifter, besøkende og cruisegjester.",
        themes=("reiseliv", "stedsutvikling", "miljo-og-klima"),
        goals=(8, 11, 12),
        scene=Scene(
            alt="Illustrasjon: bratte blå fjell rundt en fjord, med små hus ved vannkanten.",
            sky=("#9cc4ea", "#e8f1fb"),
            ridges=("#6f8fb0", "#40607f"),
            water="#2f6fa8",
            houses=4,
        ),
        questions=[
            (
                "Skal løsningen være lik i alle tre bygdene?",
                "Nei, bygdene er ulike. Vi ønsker en felles tilnærming som kan tilpasses hver bygd.",
            ),
        ],
        clarification=(
            "Befaring i juni",
            "Vi arrangerer en felles befaring i alle tre bygdene. Tidspunktet kommer her.",
        ),
    ),
    DemoChallenge(
        participant="Sortland",
        slug="sortland",
        title="Hvordan kan vi snu Sortland sentrum mot sundet igjen?",
        summary=(
            "Sentrum har vendt ryggen til sjøen. Vi vil skape en sjøfront der land møter vann, med "
            "møteplasser og liv gjennom hele året."
        ),
        background=(
            "Sortland vokste fram ved sundet, men veier, parkering og lagerbygg skiller i dag sentrum fra "
            "sjøen."
        ),
        needs=(
            "Vi trenger ideer til en sjøfront som brukes både sommer og vinter, og som knytter sentrum og "
            "sundet sammen."
        ),
        target_groups="Innbyggere i alle aldre, handelsstanden og besøkende.",
        themes=("stedsutvikling", "miljo-og-klima"),
        goals=(11, 14),
        scene=Scene(
            alt="Illustrasjon: en by med fargerike hus langs et sund, og fjell i bakgrunnen.",
            sky=("#b9d5f0", "#fbe7d3"),
            ridges=("#8497ad", "#5d6f85"),
            water="#3a7cb8",
            houses=7,
        ),
        questions=[
            (
                "Eier kommunen arealene langs sjøen?",
                "Kommunen eier deler av arealene. Resten eies av private og havnevesenet, som er med i "
                "arbeidet.",
            ),
        ],
    ),
    DemoChallenge(
        participant="Nore og Uvdal",
        slug="nore-og-uvdal",
        title="Hvordan kan vi bli en mer attraktiv kommune å bo i, særlig for kvinner?",
        summary=(
            "Kvinnekraftverk: Nore og Uvdal vil bli mer attraktiv for kvinner som vurderer å flytte hit "
            "eller å bli boende, med arbeid, fellesskap og tjenester som passer livet deres."
        ),
        background="Flere unge kvinner enn menn flytter ut, og få flytter tilbake.",
        needs="Vi trenger å forstå hva som får kvinner til å velge bygda, og ideer vi kan prøve ut raskt.",
        target_groups="Kvinner som bor i kommunen, som har flyttet ut, og som kunne tenke seg å flytte hit.",
        themes=("demografi", "inkludering", "kompetanse"),
        goals=(5, 8, 10),
        scene=Scene(
            alt="Illustrasjon: en dal med skogkledde åser og en elv som renner gjennom.",
            sky=("#d6e6f5", "#f5ecd9"),
            ridges=("#6b8f6a", "#3f6b4a"),
            water="#4a86b8",
        ),
    ),
    DemoChallenge(
        participant="Skjervøy",
        slug="skjervoy",
        title="Hvordan kan vi bli et regionsenter for framtidas sjømatnæring og maritime næring?",
        summary=(
            "Skjervøy vil være regionsenteret for sjømat og maritim næring. Vi trenger møteplasser, "
            "rekruttering og et lokalsamfunn folk vil flytte til og bli i."
        ),
        background="Næringen vokser, men bedriftene sliter med å rekruttere, og mange pendler inn.",
        needs="Vi trenger ideer til møteplasser og tiltak som får folk til å ville bo og bli på Skjervøy.",
        target_groups="Ansatte i sjømatnæringen, familiene deres, ungdom og bedriftene.",
        themes=("naeringsaktivitet", "demografi", "kompetanse"),
        goals=(8, 9, 14),
        scene=Scene(
            alt="Illustrasjon: en øy med hus ved havet under en blek nordlig himmel.",
            sky=("#c7d9ea", "#eef3f8"),
            ridges=("#8a9cb0",),
            water="#2d5f8f",
            houses=3,
            sun=False,
        ),
    ),
    DemoChallenge(
        participant="Vanylven",
        slug="vanylven",
        title="Hvordan kan vi få mest mulig ut av Stad skipstunnel for Vanylven?",
        summary=(
            "Stad skipstunnel kommer i nabolaget. Vi vil at tunnelen skal gi nye arbeidsplasser, besøkende "
            "og stolthet i Vanylven."
        ),
        background="Vanylven ligger nær Stad, der skipstunnelen skal bygges gjennom fjellet.",
        needs="Vi trenger ideer til hvordan kommunen kan ta imot ny trafikk og nye næringer.",
        target_groups="Lokalt næringsliv, innbyggere og besøkende.",
        themes=("naeringsaktivitet", "reiseliv", "mobilitet"),
        goals=(8, 9),
        scene=Scene(
            alt="Illustrasjon: høye fjell ved et åpent hav, med sola lavt over horisonten.",
            sky=("#f4c9a8", "#fbe9d6"),
            ridges=("#7d8ea3", "#52637a"),
            water="#35689a",
        ),
    ),
    DemoChallenge(
        participant="Åseral",
        slug="aseral",
        title="Hvordan kan vi skape en hyttebygd med nye uttrykk og lave avtrykk?",
        summary=(
            "Åseral har mange hytter og få innbyggere. Vi vil utvikle en hyttebygd med nye uttrykk i "
            "arkitektur og fellesskap, og med lave avtrykk i natur og klima."
        ),
        background="Det bygges mange nye hytter, og hytteeierne er en stor del av livet i bygda.",
        needs=(
            "Vi trenger ideer til hytteområder som bruker mindre areal og energi, og som gir liv til bygda."
        ),
        target_groups="Hytteeiere, fastboende, utbyggere og lokale håndverkere.",
        themes=("bolig", "reiseliv", "miljo-og-klima", "sirkularokonomi"),
        goals=(11, 12, 13),
        scene=Scene(
            alt="Illustrasjon: snødekte fjell over et vann, med noen små hytter i lia.",
            sky=("#bcd7f2", "#eef5fc"),
            ridges=("#e9eef4", "#9fb3c8"),
            water="#4b83b5",
            houses=3,
        ),
        questions=[
            (
                "Gjelder oppdraget nye hyttefelt, eller også eksisterende hytter?",
                "Begge deler. Vi er særlig nysgjerrige på hvordan eksisterende hytter kan brukes mer.",
            ),
        ],
    ),
    DemoChallenge(
        participant="Lom",
        slug="lom",
        title="Hvordan kan vi finne nye boformer for både fastboende og besøkende i Lom?",
        summary=(
            "Det er vanskelig å finne bolig i Lom, både for dem som vil bo her fast og for sesongarbeidere "
            "og besøkende. Vi leter etter nye boformer som passer bygda."
        ),
        background="Boligmarkedet er lite, og mange boliger brukes bare deler av året.",
        needs="Vi trenger boformer som kan brukes av ulike folk gjennom året.",
        target_groups="Unge i etableringsfasen, sesongarbeidere, tilflyttere og besøkende.",
        themes=("bolig", "demografi", "reiseliv"),
        goals=(11, 8),
        scene=Scene(
            alt="Illustrasjon: en bygd med hus i en dal omgitt av høye fjell.",
            sky=("#a9cbe9", "#f1f6fb"),
            ridges=("#8a9eb5", "#5a7190"),
            houses=5,
        ),
    ),
    DemoChallenge(
        participant="Suldal",
        slug="suldal",
        title=(
            "Hvordan kan vi balansere hensynet til sårbar natur, innbyggere og lokalt næringsliv når store "
            "industrietableringer kommer?"
        ),
        summary=(
            "Store industrietableringer gir arbeidsplasser, men setter natur og lokalsamfunn under press. Vi "
            "vil finne gode måter å veie hensynene mot hverandre på, sammen med innbyggerne."
        ),
        background="Flere store etableringer er planlagt, og kommunen må ta stilling til hvor og hvordan.",
        needs="Vi trenger metoder som gjør avveiingene synlige og lar innbyggerne være med.",
        target_groups="Innbyggere, grunneiere, lokalt næringsliv og industriaktører.",
        themes=("naeringsaktivitet", "miljo-og-klima", "stedsutvikling"),
        goals=(8, 11, 15),
        scene=Scene(
            alt="Illustrasjon: en elv gjennom et grønt landskap med fjell bak.",
            sky=("#cde0f2", "#f7f0e1"),
            ridges=("#7f9a8a", "#4d6b5b"),
            water="#3e7fb0",
        ),
    ),
]

# Åseral's two challenges the programme has not published: one being written, one waiting for review.
ASERAL_UNPUBLISHED = [
    DemoChallenge(
        participant="Åseral",
        slug="aseral",
        title="Hvordan kan vi gjøre det enkelt for hyttefolk å jobbe fra Åseral i ukedagene?",
        summary="Mange hytteeiere kunne vært her lenger om de hadde et godt sted å jobbe.",
        background="Hyttene står tomme fra mandag til fredag store deler av året.",
        needs="",
        target_groups="",
        themes=("naeringsaktivitet",),
        goals=(8,),
    ),
    DemoChallenge(
        participant="Åseral",
        slug="aseral",
        title="Hvordan kan vi bruke tre fra egne skoger i nye hytter og fellesbygg?",
        summary="Vi har mye skog, men bygger med materialer fra langt unna.",
        background="Skogen i Åseral hogges, men treet foredles andre steder.",
        needs="Vi trenger ideer til lokal foredling og bygg som viser fram treet.",
        target_groups="Skogeiere, sagbruk, utbyggere og hytteeiere.",
        themes=("sirkularokonomi", "naeringsaktivitet"),
        goals=(12, 15),
    ),
]

# Åseral's challenge in demo round 6, whose challenge phase is open now: published, with one question
# answered, so that writing, editing and asking have a challenge to show.
OPEN_ROUND_CHALLENGE = DemoChallenge(
    participant="Åseral",
    slug="aseral",
    title="Hvordan kan fastboende og hyttefolk reise til og fra Åseral uten egen bil?",
    summary=(
        "Bussen til Kristiansand går sjelden, og nesten alle som bor i eller besøker Åseral, kjører egen "
        "bil. Vi vil finne måter å reise på som gjør det enkelt å la bilen stå, for ungdom, eldre og "
        "hyttegjester."
    ),
    background=(
        "Åseral ligger inne i heia, rundt en time fra Kristiansand. Bussen går noen få ganger om dagen på "
        "hverdager og sjeldnere i helgene. Hyttebyen på Ljosland har flere tusen senger, og i helger og "
        "ferier er det langt flere folk i kommunen enn de rundt 950 som bor her fast."
    ),
    needs=(
        "Vi trenger ideer til transport som passer en liten bygd med store topper i helger og ferier: "
        "samkjøring, bestillingstransport, bildeling eller noe helt annet, og en måte å prøve ideene ut "
        "sammen med dem som skal bruke dem."
    ),
    target_groups=(
        "Ungdom uten førerkort, eldre som ikke lenger kjører, hyttegjester, sesongarbeidere og pendlere."
    ),
    themes=("mobilitet", "reiseliv", "miljo-og-klima"),
    goals=(9, 11, 13),
    scene=Scene(
        alt="Illustrasjon: blå åser over et vann i kveldslys, med sola over åsene og fire hytter ved vannet.",
        sky=("#9fbfe0", "#f6d7b8"),
        ridges=("#7b8fa8", "#4a5d78"),
        water="#3f74a6",
        houses=4,
    ),
    questions=[
        (
            "Har kommunen tall på hvor mange som reiser mellom Åseral og Kristiansand, og når de reiser?",
            "Ja. Vi har trafikktellinger fra fylkesveien og passasjertall fra bussen for de tre siste "
            "årene, og deler dem med alle som ber om det.",
        ),
    ],
)


def _sample(text: str) -> str:
    return f"{SAMPLE} {text}" if text else ""


def _sections(demo: DemoChallenge) -> dict[str, str]:
    """The longer texts: the challenge's own three, and general ones naming the municipality."""
    name = demo.participant
    return {
        "background": _sample(demo.background),
        "needs": _sample(demo.needs),
        "target_groups": _sample(demo.target_groups),
        "anchoring_political": _sample(f"Kommunestyret i {name} har vedtatt å delta i Gnist."),
        "anchoring_administrative": _sample("Arbeidet ledes av en prosjektgruppe i kommunedirektørens stab."),
        "anchoring_county": _sample("Fylkeskommunen følger arbeidet og deltar i juryen."),
        "partners": _sample("Lokale bedrifter, lag og foreninger, og innbyggere som vil være med."),
        "sustainability_social": _sample("Løsningen skal være for alle, også dem som sjelden blir hørt."),
        "sustainability_economic": _sample("Verdiene som skapes, skal i størst mulig grad bli igjen lokalt."),
        "sustainability_environmental": _sample("Vi vil bruke det som finnes før vi bygger nytt."),
        "transfer_value": _sample(
            "Mange distriktskommuner har lignende utfordringer og kan bruke det vi lærer."
        ),
    }


# ----------------------------------------------------------------------------------------------------
# The pictures


def _gradient(size: tuple[int, int], top: str, bottom: str) -> Image.Image:
    """A vertical gradient from `top` to `bottom`."""
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _ridge(rng: random.Random, width: int, base: int, height: int) -> list[tuple[int, int]]:
    """A mountain ridge: peaks and saddles across the picture, closed along the bottom."""
    points = [(0, base - rng.randint(0, height // 2))]
    x = 0
    while x < width:
        x += rng.randint(width // 10, width // 4)
        points.append((min(x, width), base - rng.randint(height // 4, height)))
    return [*points, (width, 10_000), (0, 10_000)]


def draw_scene(scene: Scene, *, seed: int, size: tuple[int, int] = (1600, 900)) -> bytes:
    """A simple landscape as a PNG: sky, sun, ridges, water and houses, laid out from `seed`."""
    rng = random.Random(seed)
    width, height = size
    image = _gradient(size, *scene.sky)
    draw = ImageDraw.Draw(image)
    if scene.sun:
        x, y, r = rng.randint(width // 5, width * 4 // 5), height // 4, height // 12
        draw.ellipse((x - r, y - r, x + r, y + r), fill="#f6c744")
    horizon = height * 2 // 3 if scene.water else height * 5 // 6
    for depth, colour in enumerate(scene.ridges):
        base = horizon - (len(scene.ridges) - 1 - depth) * height // 14
        draw.polygon(_ridge(rng, width, base, height // 3), fill=colour)
    if scene.water:
        draw.rectangle((0, horizon, width, height), fill=scene.water)
        for _line in range(6):
            y = rng.randint(horizon + 20, height - 20)
            x = rng.randint(0, width - 300)
            draw.line((x, y, x + rng.randint(80, 260), y), fill="#ffffff", width=3)
    roofs = ("#b5322e", "#d9822b", "#2f5d50", "#f0e6d2")
    walls = ("#f4efe6", "#c8553d", "#e8c547", "#6b8fb3")
    ground = horizon if scene.water else horizon + height // 20
    for house in range(scene.houses):
        w = rng.randint(width // 24, width // 16)
        x = rng.randint(0, width - w)
        top = ground - w * 3 // 4
        draw.rectangle((x, top, x + w, ground), fill=walls[house % len(walls)])
        draw.polygon(
            [(x - 8, top), (x + w // 2, top - w // 2), (x + w + 8, top)], fill=roofs[house % len(roofs)]
        )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


# ----------------------------------------------------------------------------------------------------
# The seed step


@contextmanager
def _as_staff_of(participant: Participant, user: User, *, keep: bool):
    """`user` as approved staff of `participant`'s municipality, fetched afresh so no remembered permissions
    are used.

    Round 3 names the 2020–2023 municipalities; teams are today's, and today's team acts for its municipality
    as it was then (`approved_municipality_ids`). A demo contact's membership is gone again afterwards
    (`keep` False); the demo municipality account is on Åseral's team already."""
    then = participant.municipalities.order_by("number").first()
    today = (
        Municipality.objects.current().filter(Q(pk=then.pk) | Q(predecessors=then)).order_by("number").first()
    )
    membership, created = Membership.objects.get_or_create(
        user=user,
        municipality=today,
        defaults={"role": Membership.Role.ADMIN, "status": Membership.Status.APPROVED},
    )
    try:
        yield User.objects.get(pk=user.pk)
    finally:
        if created and not keep:
            membership.delete()


def _contact(demo: DemoChallenge, users: dict) -> User:
    """The demo municipality account for Åseral; a demo contact (who cannot sign in) for the others."""
    if demo.slug == "aseral":
        return users["kommune"]
    user, created = User.objects.get_or_create(
        email=f"demokontakt-{demo.slug}@gnist.test", defaults={"name": f"Demokontakt {demo.participant}"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _write(participant: Participant, demo: DemoChallenge, *, actor: User, at: datetime.datetime) -> Challenge:
    """Start the draft, fill in its texts, themes and goals, and add its picture (as its staff, at `at`)."""
    challenge = services.create_challenge(
        participant,
        actor=actor,
        now=at,
        title=demo.title,
        summary=demo.summary,
        contact_name=actor.name,
        contact_role="Prosjektleder (demo)",
        contact_email=actor.email,
    )
    challenge = services.save_challenge(
        challenge,
        actor=actor,
        version=challenge.version,
        data=_sections(demo),
        themes=Theme.objects.filter(slug__in=demo.themes),
        goals=SustainableDevelopmentGoal.objects.filter(number__in=demo.goals),
        now=at + datetime.timedelta(minutes=20),
    )
    if demo.scene is not None:
        picture = ContentFile(draw_scene(demo.scene, seed=participant.pk), name="landskap.png")
        services.add_image(
            challenge,
            actor=actor,
            image=prepare_image(picture),
            alt_text=demo.scene.alt,
            caption=CAPTION,
            now=at + datetime.timedelta(minutes=40),
        )
    return challenge


def _publish(
    participant: Participant,
    demo: DemoChallenge,
    *,
    actor: User,
    admin: User,
    supplier: User,
    at: Schedule,
) -> None:
    """Write, send for review and publish one challenge; then the supplier's questions, answered, and a
    clarification (at the moments of `at`)."""
    challenge = _write(participant, demo, actor=actor, at=at.written)
    services.submit_challenge(challenge, actor=actor, now=at.submitted)
    with acting_as_programme():
        services.publish_challenge(challenge, actor=admin, now=at.published)
    for number, (text, answer) in enumerate(demo.questions):
        asked = at.asked + datetime.timedelta(days=number)
        question = services.ask_question(challenge, actor=supplier, text=text, now=asked)
        services.answer_question(
            question, actor=actor, text="", answer=_sample(answer), now=asked + (at.answered - at.asked)
        )
    if demo.clarification:
        about, text = demo.clarification
        services.publish_clarification(
            challenge, actor=actor, text=about, answer=_sample(text), now=at.clarified
        )


@transaction.atomic
def seed_demo_challenges(ctx) -> None:
    """Round 3's nine challenges published with pictures and answered questions; Åseral's draft and the one
    it sent for review. Skipped without demo accounts (the demo admin publishes, a demo supplier asks)."""
    users = ctx.users
    if not ctx.demo_accounts or not {"admin", "kommune", "leverandor"} <= users.keys():
        ctx.log("Demo challenges skipped: they are written by the demo accounts.")
        return
    round_ = Round.objects.get(number=ROUND)
    participants = {
        participant.display_name: participant
        for participant in Participant.objects.filter(round=round_)
        .gnist()
        .select_related("round")
        .prefetch_related("round__phases", "municipalities")
    }
    existing = set(Challenge.objects.filter(participant__round=round_).values_list("participant_id", "title"))
    added = 0
    for hour, demo in enumerate(CHALLENGES):
        participant = participants[demo.participant]
        if (participant.pk, demo.title) in existing:
            continue
        with _as_staff_of(participant, _contact(demo, users), keep=demo.slug == "aseral") as actor:
            _publish(
                participant,
                demo,
                actor=actor,
                admin=users["admin"],
                supplier=users["leverandor"],
                at=ROUND_3_SCHEDULE.later(datetime.timedelta(hours=hour)),
            )
        added += 1
    aseral = participants["Åseral"]
    draft, in_review = ASERAL_UNPUBLISHED
    with _as_staff_of(aseral, users["kommune"], keep=True) as actor:
        if (aseral.pk, draft.title) not in existing:
            _write(aseral, draft, actor=actor, at=ASERAL_DRAFTS)
            added += 1
        if (aseral.pk, in_review.title) not in existing:
            challenge = _write(aseral, in_review, actor=actor, at=ASERAL_DRAFTS + datetime.timedelta(days=1))
            services.submit_challenge(challenge, actor=actor, now=ASERAL_DRAFTS + datetime.timedelta(days=2))
            added += 1
    published = Challenge.objects.published().count()
    ctx.log(f"Demo challenges: {added} added to round {ROUND} ({published} published).")


@transaction.atomic
def seed_demo_open_round_challenge(ctx) -> None:
    """Åseral's challenge in demo round 6 (municipalities.demo), written and sent for review by the demo
    municipality account and published by the demo admin in the first days of the open challenge phase, with
    the demo supplier's question asked and answered in its second week. Skipped without demo accounts."""
    users = ctx.users
    if not ctx.demo_accounts or not {"admin", "kommune", "leverandor"} <= users.keys():
        return
    demo = OPEN_ROUND_CHALLENGE
    participant = (
        Participant.objects.gnist()
        .filter(round__number=DEMO_CHALLENGE_ROUND, display_name=demo.participant)
        .select_related("round")
        .prefetch_related("round__phases", "municipalities")
        .get()
    )
    if not participant.challenges.filter(title=demo.title).exists():
        opens = next(phase.starts_at for phase in participant.round.phases.all() if phase.opens_challenges)
        with _as_staff_of(participant, users["kommune"], keep=True) as actor:
            _publish(
                participant,
                demo,
                actor=actor,
                admin=users["admin"],
                supplier=users["leverandor"],
                at=Schedule.from_start(opens),
            )
    ctx.log(f"Demo challenge: {participant.display_name}'s, published in round {DEMO_CHALLENGE_ROUND}.")
