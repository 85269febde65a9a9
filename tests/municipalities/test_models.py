import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import translation

from municipalities.models import (
    OSLO,
    Application,
    Assessment,
    Membership,
    Municipality,
    Participant,
    Phase,
    Round,
    TimelineStep,
    end_of_day,
    is_whole_day,
    join_names,
    norwegian_key,
    sorted_by_name,
)
from tests.factories import (
    ApplicationFactory,
    CriterionFactory,
    MembershipFactory,
    MunicipalityFactory,
    ParticipantFactory,
    PhaseFactory,
    RoundFactory,
    UserFactory,
)


def at(*args):
    return datetime.datetime(*args, tzinfo=OSLO)


def test_municipality_valid_on_respects_the_period(db):
    old = MunicipalityFactory(
        number="1234", valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2023, 12, 31)
    )
    new = MunicipalityFactory(number="1234", valid_from=datetime.date(2024, 1, 1), valid_to=None)

    assert list(Municipality.objects.valid_on(datetime.date(2023, 12, 31))) == [old]
    assert list(Municipality.objects.valid_on(datetime.date(2024, 1, 1))) == [new]
    assert list(Municipality.objects.with_number("1234")) == [new, old]


def test_municipality_search_matches_name_and_number(db):
    sortland = MunicipalityFactory(name="Sortland", number="1870")
    MunicipalityFactory(name="Lom", number="3434")

    assert list(Municipality.objects.search("sortl")) == [sortland]
    assert list(Municipality.objects.search("1870")) == [sortland]
    assert Municipality.objects.search("  ").count() == 2


def test_round_current_is_the_latest_by_years(db):
    RoundFactory(number=3, start_year=2021, end_year=2022)
    latest = RoundFactory(number=4, start_year=2023, end_year=2024)
    RoundFactory(number=101, start_year=2005, end_year=2006)

    assert Round.objects.current() == latest


def test_round_current_is_none_without_rounds(db):
    assert Round.objects.current() is None


def test_round_url_uses_its_number(db):
    assert RoundFactory(number=3).get_absolute_url() == "/runder/3/"
    assert reverse("municipalities:round_detail", kwargs={"number": 3}) == "/runder/3/"


def test_timeline_marks_past_current_and_upcoming_phases(db):
    round_ = RoundFactory(start_year=2023, end_year=2024)
    PhaseFactory(round=round_, order=1, starts_at=at(2023, 2, 1), ends_at=at(2023, 3, 31, 23, 59))
    PhaseFactory(round=round_, order=2, kind=Phase.Kind.SELECTION)  # undated
    PhaseFactory(
        round=round_, order=3, kind=Phase.Kind.OFFERS, starts_at=at(2023, 6, 1), ends_at=at(2023, 9, 1, 12)
    )
    PhaseFactory(round=round_, order=4, kind=Phase.Kind.ANNOUNCEMENT, starts_at=at(2023, 9, 29))

    def states(now):
        return [step.state for step in Round.objects.get(pk=round_.pk).timeline(now)]

    assert states(at(2023, 1, 1)) == ["upcoming"] * 4
    assert states(at(2023, 3, 1)) == ["current", "upcoming", "upcoming", "upcoming"]
    # An undated phase is over once a later phase has started.
    assert states(at(2023, 9, 1, 11, 59)) == ["past", "past", "current", "upcoming"]
    # An open-ended phase lasts until the round's last year is over.
    assert states(at(2024, 12, 31)) == ["past", "past", "past", "current"]
    assert states(at(2025, 1, 1)) == ["past"] * 4
    assert [s.is_current for s in Round.objects.get(pk=round_.pk).timeline(at(2023, 3, 1))] == [
        True,
        False,
        False,
        False,
    ]
    assert TimelineStep.CURRENT == "current"


def test_phase_is_open_and_shows_a_published_time(db):
    phase = PhaseFactory(starts_at=at(2023, 6, 1), ends_at=at(2023, 9, 1, 12))

    assert phase.is_open_at(at(2023, 9, 1, 11, 59)) is True
    assert phase.is_open_at(at(2023, 9, 1, 12)) is False
    assert phase.ends_at_shows_time is True
    assert PhaseFactory(ends_at=at(2023, 3, 31, 23, 59)).ends_at_shows_time is False
    assert list(Phase.objects.open_at(at(2023, 7, 1))) == [phase]


def test_midnight_and_23_59_in_oslo_are_a_whole_day():
    assert [
        is_whole_day(moment)
        for moment in [
            at(2023, 3, 31),
            at(2023, 3, 31, 23, 59),
            at(2023, 3, 31, 12),
            at(2023, 3, 31, 23, 58),
            datetime.datetime(2023, 3, 31, 21, 59, tzinfo=datetime.UTC),  # 23:59 in Oslo (summer time)
        ]
    ] == [True, True, False, False, True]
    assert end_of_day(datetime.date(2023, 3, 31)) == at(2023, 3, 31, 23, 59)
    assert is_whole_day(end_of_day(datetime.date(2023, 3, 31))) is True


def test_phase_opens_flags_are_every_opens_field():
    opens_fields = [field.name for field in Phase._meta.fields if field.name.startswith("opens_")]

    assert list(Phase.OPENS_FLAGS) == opens_fields


def test_applicant_fields_are_fields_of_the_application():
    assert all(Application._meta.get_field(name).editable for name in Application.APPLICANT_FIELDS)


def test_participant_querysets_split_gnist_and_follow(db):
    lead = ParticipantFactory(role=Participant.Role.GNIST)
    follower = ParticipantFactory(round=lead.round, role=Participant.Role.FOLLOW, follows=lead)

    assert list(Participant.objects.gnist()) == [lead]
    assert list(Participant.objects.follow()) == [follower]
    assert list(lead.followers.all()) == [follower]
    assert list(Participant.objects.for_municipality(follower.municipalities.get())) == [follower]


def test_membership_querysets_and_display(db):
    user = UserFactory()
    approved = MembershipFactory(user=user, role=Membership.Role.ADMIN, status=Membership.Status.APPROVED)
    pending = MembershipFactory(user=user, status=Membership.Status.PENDING)

    assert list(user.memberships.approved()) == [approved]
    assert list(user.memberships.pending()) == [pending]
    assert list(Membership.objects.admins()) == [approved]
    assert (approved.get_role_display(), approved.get_status_display()) == ("Administrator", "Godkjent")


def test_memberships_are_in_the_personal_data_export(db):
    from gnist.personal_data import export_for

    membership = MembershipFactory(municipality=MunicipalityFactory(name="Åseral", number="4224"))

    assert export_for(membership.user)["memberships"] == [
        {
            "municipality": "Åseral",
            "municipality_number": "4224",
            "role": "editor",
            "status": "approved",
            "created_at": membership.created_at.isoformat(),
            "decided_at": None,
            "removed_at": None,
            "role_changed_at": None,
        }
    ]


def test_cast_has_one_user_per_role(cast):
    assert list(cast.staff.memberships.approved().values_list("municipality", flat=True)) == [
        cast.municipality.pk
    ]
    assert list(cast.other_staff.memberships.approved().values_list("municipality", flat=True)) == [
        cast.other_municipality.pk
    ]
    assert (cast.programme_admin.is_staff, cast.programme_admin.is_superuser) == (True, True)
    assert cast.supplier.memberships.count() == 0


def test_norwegian_order_puts_ae_oe_and_aa_after_z():
    names = ["Åmot", "Ørsta", "Zebra", "ærlig", "Aurland", "Øystre Slidre", "Østre Toten", "Ål", "Sogndal"]

    assert sorted(names, key=norwegian_key) == [
        "Aurland",
        "Sogndal",
        "Zebra",
        "ærlig",
        "Ørsta",
        "Østre Toten",
        "Øystre Slidre",
        "Ål",
        "Åmot",
    ]
    # Accents other than Æ, Ø and Å do not change the letter; Ä and Ö sort as Æ and Ø.
    assert sorted(["Öland", "Ølen", "Kárášjohka", "Karlsøy", "Zürich"], key=norwegian_key) == [
        "Kárášjohka",
        "Karlsøy",
        "Zürich",
        "Öland",
        "Ølen",
    ]


def test_participant_lists_its_municipalities_and_followers_alphabetically(db):
    municipalities = [MunicipalityFactory(name=name) for name in ["Åmot", "Østre Toten", "Aurland"]]
    lead = ParticipantFactory(display_name="Åmot, Østre Toten og Aurland", municipalities=municipalities)
    for name in ["Åsnes", "Øyer", "Vågå"]:
        ParticipantFactory(
            round=lead.round, display_name=name, role=Participant.Role.FOLLOW, follows=lead, municipalities=[]
        )

    assert [m.name for m in lead.sorted_municipalities] == ["Aurland", "Østre Toten", "Åmot"]
    assert [p.display_name for p in lead.sorted_followers] == ["Vågå", "Øyer", "Åsnes"]
    assert [m.name for m in sorted_by_name(municipalities)] == ["Aurland", "Østre Toten", "Åmot"]


def test_participant_name_parts_link_each_named_municipality(db):
    sogndal, luster, aurland = (MunicipalityFactory(name=name) for name in ["Sogndal", "Luster", "Aurland"])
    joint = ParticipantFactory(
        display_name="Sogndal, Luster og Aurland", municipalities=[aurland, luster, sogndal]
    )
    nord_aurdal, aurdal = MunicipalityFactory(name="Nord-Aurdal"), MunicipalityFactory(name="Aurdal")
    region = ParticipantFactory(display_name="Valdres: Nord-Aurdal", municipalities=[nord_aurdal, aurdal])

    assert joint.name_parts == [
        ("Sogndal", sogndal),
        (", ", None),
        ("Luster", luster),
        (" og ", None),
        ("Aurland", aurland),
    ]
    # A municipality the published name does not mention still gets its link, after the name.
    assert region.name_parts == [
        ("Valdres: ", None),
        ("Nord-Aurdal", nord_aurdal),
        (" (", None),
        ("Aurdal", aurdal),
        (")", None),
    ]


# --- rounds, phases, map points, names, assessments ---------------------------------------------------------


def test_round_objects_published_leaves_out_drafts(draft_round):
    published = RoundFactory(number=951)

    assert list(Round.objects.published()) == [published]


def test_phase_open_or_upcoming_at_leaves_out_past_and_undated_phases(db):
    now = datetime.datetime(2031, 3, 1, tzinfo=OSLO)
    day = datetime.timedelta(days=1)
    round_ = RoundFactory()
    running = PhaseFactory(round=round_, starts_at=now - day, ends_at=now + day)
    upcoming = PhaseFactory(round=round_, starts_at=now + day)
    PhaseFactory(round=round_, starts_at=now - 2 * day, ends_at=now)
    PhaseFactory(round=round_)

    assert set(Phase.objects.open_or_upcoming_at(now)) == {running, upcoming}


def test_municipality_map_points_uses_the_coordinates_valid_on_the_day(db):
    MunicipalityFactory(number="4224", latitude="58.6", longitude="7.4", valid_from=datetime.date(2020, 1, 1))
    MunicipalityFactory(number="4225")  # without coordinates

    points = Municipality.objects.map_points(datetime.date(2024, 1, 1))

    assert list(points) == [(Decimal("58.60000"), Decimal("7.40000"))]


def test_join_names_as_a_list_in_running_text():
    with translation.override("en"):
        assert [join_names([]), join_names(["A"]), join_names(["A", "B"]), join_names(["A", "B", "C"])] == [
            "",
            "A",
            "A and B",
            "A, B and C",
        ]


def test_deleting_an_assessors_account_keeps_the_scores_and_the_average(db):
    draft = ApplicationFactory(status=Application.Status.DRAFT)
    criterion = CriterionFactory(round=draft.round)
    first, second = UserFactory(email="a1@example.no"), UserFactory(email="a2@example.no")
    Assessment.objects.create(application=draft, criterion=criterion, assessor=first, score=2)
    Assessment.objects.create(application=draft, criterion=criterion, assessor=second, score=5)

    first.delete()
    second.delete()  # two former assessors' rows on the same criterion: NULLs do not collide

    assert sorted(Assessment.objects.values_list("assessor", "score")) == [(None, 2), (None, 5)]
    assert Application.objects.with_average_score().get(pk=draft.pk).average_score == 3.5
