import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from municipalities.demo import demo_round_dates
from municipalities.models import Application, Round, Theme


def test_seed_demo_adds_an_open_round_with_applications_idempotently(client, db, settings):
    settings.DEBUG = False
    call_command("seed_demo", "--allow-demo-accounts", stdout=io.StringIO())
    call_command("seed_demo", "--allow-demo-accounts", stdout=io.StringIO())

    round_ = Round.objects.prefetch_related("phases", "criteria").get(number=5)
    assert round_.takes_applications_at(timezone.now()) is True
    assert round_.selection_has_stages is True
    assert [c.name_en for c in round_.criteria.all()][:2] == ["Willingness to change", "Innovation potential"]
    assert all(c.description_nn for c in round_.criteria.all())
    assert sorted(Application.objects.values_list("municipality__name", "status")) == [
        ("Bygland", "shortlisted"),
        ("Bykle", "submitted"),
        ("Valle", "submitted"),
        ("Åseral", "draft"),
    ]
    assert Theme.objects.filter(slug__in=["bolig", "reiseliv", "miljo-og-klima"]).count() == 3
    client.force_login(Application.objects.get(municipality__name="Åseral").created_by)
    response = client.get("/soknader/")
    assert [a.municipality.name for a in response.context["applications"]] == ["Åseral"]
    assert [item["phase"].round for item in response.context["open_phases"]] == [round_]


def test_demo_round_dates_are_open_around_any_day():
    for day in [datetime.date(2026, 11, 26), datetime.date(2027, 3, 31), datetime.date(2027, 6, 1)]:
        opens, deadline = demo_round_dates(day)
        assert opens.date() <= day <= deadline.date()
    assert demo_round_dates(datetime.date(2026, 11, 26))[1] == datetime.datetime(
        2027, 3, 31, 12, tzinfo=deadline.tzinfo
    )
