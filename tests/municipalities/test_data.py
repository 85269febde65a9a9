import datetime
from io import StringIO

from django.core.management import call_command

from accounts.models import User
from municipalities import reference_data as reference
from municipalities.models import (
    OSLO,
    Application,
    County,
    Criterion,
    Membership,
    Municipality,
    Participant,
    Phase,
    Round,
    Theme,
)
from tests.factories import UserFactory


def names(participants):
    return sorted(participant.display_name for participant in participants)


def test_reference_data_has_the_2020_structure(reference_data):
    assert Municipality.objects.valid_on(datetime.date(2022, 6, 1)).count() == 356
    assert County.objects.valid_on(datetime.date(2022, 6, 1)).count() == 11
    assert Municipality.objects.valid_on(datetime.date(2023, 12, 31)).count() == 356
    oslo = Municipality.objects.valid_on(datetime.date(2022, 6, 1)).get(number="0301")
    assert (oslo.name, oslo.county.name, oslo.organisation_number) == ("Oslo", "Oslo", "958935420")
    assert (
        Municipality.objects.valid_on(datetime.date(2022, 6, 1)).filter(sami_administrative_area=True).count()
        == 13
    )


def test_reference_data_has_the_2024_structure_from_new_year(reference_data):
    new_year = datetime.date(2024, 1, 1)

    assert Municipality.objects.valid_on(new_year).count() == 357
    assert County.objects.valid_on(new_year).count() == 15
    assert set(Municipality.objects.filter(valid_from=datetime.date(2020, 1, 1)).values_list("valid_to")) == {
        (datetime.date(2023, 12, 31),)
    }
    assert sorted(County.objects.valid_on(new_year).values_list("name", flat=True))[:4] == [
        "Agder",
        "Akershus",
        "Buskerud",
        "Finnmark",
    ]
    assert not County.objects.valid_on(new_year).filter(name__in=["Viken", "Troms og Finnmark"]).exists()


def test_each_2024_municipality_is_linked_to_its_predecessor(reference_data):
    def predecessors(number):
        municipality = Municipality.objects.valid_on(datetime.date(2024, 1, 1)).get(number=number)
        return [(m.number, m.name, m.county.name) for m in municipality.predecessors.select_related("county")]

    assert predecessors("5542") == [("5427", "Skjervøy", "Troms og Finnmark")]
    assert predecessors("1870") == [("1870", "Sortland", "Nordland")]
    assert predecessors("1580") == [("1507", "Ålesund", "Møre og Romsdal")]
    assert predecessors("1508") == [("1507", "Ålesund", "Møre og Romsdal")]
    assert Municipality.predecessors.through.objects.count() == 357
    sortland = Municipality.objects.valid_on(datetime.date(2024, 1, 1)).get(number="1870")
    haram = Municipality.objects.valid_on(datetime.date(2024, 1, 1)).get(number="1580")
    assert (sortland.organisation_number, haram.organisation_number) == ("847737492", "")


def test_rounds_have_years_criteria_and_published_dates(reference_data):
    assert list(Round.objects.values_list("number", "start_year", "end_year", "applications_count")) == [
        (1, 2019, 2020, 19),
        (2, 2020, 2021, 42),
        (3, 2021, 2022, 32),
        (4, 2023, 2024, 23),
    ]
    assert list(Criterion.objects.filter(round__number=4).values_list("name", flat=True)) == [
        "Endringsvilje",
        "Innovasjonspotensial",
        "Forankring",
        "Bærekraftsambisjoner",
        "Overføringsverdi",
    ]
    offers = Phase.objects.get(round__number=4, kind=Phase.Kind.OFFERS)
    assert offers.ends_at == datetime.datetime(2023, 9, 1, 12, tzinfo=OSLO)
    applications = Phase.objects.get(round__number=3, kind=Phase.Kind.APPLICATIONS)
    assert applications.starts_at == datetime.datetime(2021, 12, 1, tzinfo=OSLO)
    assert applications.opens_applications is True


def test_rounds_1_2_and_4_have_their_gnist_municipalities(reference_data):
    assert names(Participant.objects.gnist().filter(round__number=1)) == ["Krødsherad", "Utsira"]
    assert names(Participant.objects.gnist().filter(round__number=2)) == ["Lebesby", "Lund", "Vang"]
    assert names(Participant.objects.gnist().filter(round__number=4)) == [
        "Andøy",
        "Averøy",
        "Grue",
        "Kragerø",
        "Sarpsborg",
    ]


def test_rounds_1_to_3_keep_their_municipalities_as_they_were_and_round_4_on_use_2024(reference_data):
    def structures(number):
        return set(
            Participant.municipalities.through.objects.filter(participant__round__number=number).values_list(
                "municipality__valid_from__year", flat=True
            )
        )

    assert [structures(number) for number in (1, 2, 3, 4)] == [{2020}, {2020}, {2020}, {2024}]
    sarpsborg = Participant.objects.get(round__number=4, display_name="Sarpsborg").municipalities.get()
    assert (sarpsborg.number, sarpsborg.county.name) == ("3105", "Østfold")


def test_round_3_participants_are_as_published(reference_data):
    round_3 = Participant.objects.filter(round__number=3)

    assert round_3.gnist().count() == 9
    assert round_3.follow().count() == 12
    sogn = round_3.get(display_name="Sogndal, Luster og Aurland")
    assert sorted(sogn.municipalities.values_list("name", flat=True)) == ["Aurland", "Luster", "Sogndal"]
    assert sogn.county_as_published == "Vestland"
    assert names(round_3.get(display_name="Lom").followers.all()) == ["Dovre", "Hemsedal", "Tokke"]
    assert names(round_3.get(display_name="Sortland").followers.all()) == [
        "Kvinesdal",
        "Nordreisa",
        "Rana",
        "Østre Toten",
    ]
    assert {p.display_name: p.follows.display_name for p in round_3.follow().select_related("follows")} == {
        "Gjerstad": "Suldal",
        "Kongsvinger": "Skjervøy",
        "Hemsedal": "Lom",
        "Tokke": "Lom",
        "Dovre": "Lom",
        "Stad": "Vanylven",
        "Eigersund": "Nome",
        "Averøy": "Nome",
        "Kvinesdal": "Sortland",
        "Østre Toten": "Sortland",
        "Rana": "Sortland",
        "Nordreisa": "Sortland",
    }


def load_reference_data() -> str:
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue()


def test_load_reference_data_twice_loads_the_reference_data_once_and_no_people(db):
    def counts():
        models = (
            County,
            Municipality,
            Theme,
            Round,
            Criterion,
            Phase,
            Participant,
            User,
            Membership,
            Application,
        )
        return {model.__name__: model.objects.count() for model in models} | {
            "participant municipalities": Participant.municipalities.through.objects.count(),
            "predecessors": Municipality.predecessors.through.objects.count(),
        }

    output = load_reference_data()
    first = counts()
    load_reference_data()

    assert counts() == first
    assert first == {
        "County": 11 + 15,
        "Municipality": 356 + 357,
        "Theme": 12,
        "Round": 4,
        "Criterion": 11,
        "Phase": 20,
        "Participant": 31,
        "participant municipalities": 33,
        "predecessors": 357,
        "User": 0,
        "Membership": 0,
        "Application": 0,
    }
    assert output == "Reference data: 26 counties, 713 municipalities, 4 rounds, 31 participants.\n"


def test_loading_the_2024_structure_moves_teams_to_the_municipality_that_continues_theirs(db):
    reference.load_structure_2020()
    old = Municipality.objects.get(number="5427")
    alesund = Municipality.objects.get(number="1507")
    member, admin = UserFactory(), UserFactory()
    Membership.objects.create(user=member, municipality=old, status=Membership.Status.APPROVED)
    Membership.objects.create(user=admin, municipality=alesund, role=Membership.Role.ADMIN)

    reference.load_structure_2024()
    reference.load_structure_2024()

    assert sorted(
        Membership.objects.values_list("user__email", "municipality__number", "status", "role")
    ) == sorted(
        [
            (member.email, "5542", Membership.Status.APPROVED, Membership.Role.EDITOR),
            (admin.email, "1508", Membership.Status.PENDING, Membership.Role.ADMIN),
        ]
    )


def test_load_reference_data_again_renames_phases_in_an_existing_database(reference_data):
    Phase.objects.filter(round__number=4, order=6).update(name_nn="Teama kunngjorde")

    load_reference_data()

    assert Phase.objects.get(round__number=4, order=6).name_nn == "Kunngjering av teama"
