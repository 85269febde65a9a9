import pytest

from municipalities.models import Participant, Round


@pytest.mark.parametrize(
    "url",
    [
        "/admin/municipalities/county/",
        "/admin/municipalities/municipality/?county__id__exact=1",
        "/admin/municipalities/municipality/?q=sortland",
        "/admin/municipalities/round/",
        "/admin/municipalities/participant/?role__exact=follow",
        "/admin/municipalities/membership/?status__exact=approved",
        "/admin/municipalities/round/add/",
    ],
)
def test_admin_pages_open_for_programme_admin(client, cast, reference_data, settings, url):
    settings.GNIST_REQUIRE_STAFF_MFA = False
    client.force_login(cast.programme_admin)

    response = client.get(url)

    assert response.status_code == 200


def test_admin_participant_page_shows_municipalities_inline(client, cast, reference_data, settings):
    settings.GNIST_REQUIRE_STAFF_MFA = False
    client.force_login(cast.programme_admin)
    sogn = Participant.objects.get(display_name="Sogndal, Luster og Aurland")

    response = client.get(f"/admin/municipalities/participant/{sogn.pk}/change/")

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.total_form_count() == 4  # 3 + 1 empty


def test_admin_participant_list_filters_by_round_and_role(client, cast, reference_data, settings):
    settings.GNIST_REQUIRE_STAFF_MFA = False
    client.force_login(cast.programme_admin)
    round_3 = Round.objects.get(number=3)

    response = client.get(
        "/admin/municipalities/participant/", {"round__id__exact": round_3.pk, "role__exact": "follow"}
    )

    assert response.context["cl"].result_count == 12
