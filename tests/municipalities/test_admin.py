import pytest
from django.contrib import admin

from municipalities.admin import PhaseInline
from municipalities.models import Application, Participant, Phase, Round
from tests.helpers import ROLES, as_role


@pytest.mark.parametrize(
    ("role", "expected"),
    [(role, 200 if role == "programme_admin" else 302) for role in ROLES],
)
def test_admin_membership_list_per_role(client, cast, role, expected):
    """Only staff reach the admin; everyone else is sent to its sign-in page."""
    as_role(client, role)

    response = client.get("/admin/municipalities/membership/")

    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/admin/login/")
    else:
        assert response.context["cl"].result_count == 3  # the three staff of the cast


@pytest.mark.parametrize(
    ("url", "title", "rows"),
    [
        ("/admin/municipalities/county/", "Velg fylke du ønsker å endre", 11 + 15 + 3),
        ("/admin/municipalities/municipality/?county__id__exact=1", "Velg kommune du ønsker å endre", None),
        ("/admin/municipalities/municipality/?q=sortland", "Velg kommune du ønsker å endre", 2),
        ("/admin/municipalities/round/", "Velg runde du ønsker å endre", 4),
        ("/admin/municipalities/participant/?role__exact=follow", "Velg deltaker du ønsker å endre", 12),
        ("/admin/municipalities/membership/?status__exact=approved", "Velg medlemskap du ønsker å endre", 3),
        ("/admin/municipalities/round/add/", "Legg til ny runde", None),
    ],
)
def test_admin_pages_open_for_programme_admin(client, cast, reference_data, url, title, rows):
    as_role(client, "programme_admin")

    response = client.get(url)

    assert (response.status_code, response.context["title"]) == (200, title)
    if rows is not None:  # a list page: its rows come from the reference data and the cast's three teams
        assert response.context["cl"].result_count == rows


def test_admin_participant_page_shows_municipalities_inline(client, cast, reference_data):
    as_role(client, "programme_admin")
    sogn = Participant.objects.get(display_name="Sogndal, Luster og Aurland")

    response = client.get(f"/admin/municipalities/participant/{sogn.pk}/change/")

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.total_form_count() == 4  # 3 + 1 empty


def test_admin_participant_list_filters_by_round_and_role(client, cast, reference_data):
    as_role(client, "programme_admin")
    round_3 = Round.objects.get(number=3)

    response = client.get(
        "/admin/municipalities/participant/", {"round__id__exact": round_3.pk, "role__exact": "follow"}
    )

    assert response.context["cl"].result_count == 12


def test_admin_round_change_page_edits_every_language(client, cast, reference_data):
    as_role(client, "programme_admin")
    round_4 = Round.objects.get(number=4)

    response = client.get(f"/admin/municipalities/round/{round_4.pk}/change/")

    fields = set(response.context["adminform"].form.fields)
    assert {"title_nb", "title_nn", "title_en", "theme_nn", "funding_en", "description_nn"} <= fields
    assert "title" not in fields
    phases, criteria = (formset.formset for formset in response.context["inline_admin_formsets"])
    assert {"name_nb", "name_nn", "name_en"} <= set(phases.forms[0].fields)
    assert {"name_nb", "name_nn", "name_en", "description_en"} <= set(criteria.forms[0].fields)
    assert 'value="Ekstern jury vel fem Gnist-kommunar"' in response.text
    assert "tabbed_translation_fields" not in response.text  # the tabbed variant needs inline JavaScript


def test_admin_round_requires_the_title_in_every_language(client, cast, db):
    as_role(client, "programme_admin")
    management = {
        f"{prefix}-{key}": value
        for prefix in ("phases", "criteria")
        for key, value in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()
    }
    data = {"number": "9", "title_nb": "Gnist 2030", "start_year": "2030", "end_year": "2031", **management}

    response = client.post("/admin/municipalities/round/add/", data)

    assert set(response.context["adminform"].form.errors) == {"title_nn", "title_en"}
    response = client.post(
        "/admin/municipalities/round/add/", {**data, "title_nn": "Gnist 2030", "title_en": "Gnist 2030"}
    )
    assert response.status_code == 302
    assert Round.objects.filter(number=9).values_list("title_nb", "title_nn", "title_en").get() == (
        "Gnist 2030",
        "Gnist 2030",
        "Gnist 2030",
    )


def test_application_admin_shows_every_applicant_field_read_only(rf, cast, settings):
    request = rf.get("/admin/municipalities/application/")
    request.user = cast.programme_admin

    readonly = admin.site.get_model_admin(Application).get_readonly_fields(request)

    # The contact persons are shown as readable lines, not as their JSON.
    shown = {"contact_persons" if name == "contacts" else name for name in Application.APPLICANT_FIELDS}
    assert shown <= set(readonly)


def test_phase_inline_edits_every_opens_flag():
    assert set(Phase.OPENS_FLAGS) <= set(PhaseInline.fields)
