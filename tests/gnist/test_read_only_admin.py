"""Records of what happened (outbox, selection log, issued certificates) are read-only in the admin."""

import pytest
from django.urls import reverse

from competence import services
from competence.loading import load_course
from competence.models import Certificate
from tests.competence.conftest import CONTENT
from tests.competence.helpers import finish_course


@pytest.mark.parametrize(
    "model", ["gnist_outgoingemail", "municipalities_selectionlogentry", "competence_certificate"]
)
def test_records_cannot_be_added_in_the_admin(client, cast, model):
    client.force_login(cast.programme_admin)

    listing = client.get(reverse(f"admin:{model}_changelist"))
    assert (listing.status_code, listing.context["has_add_permission"]) == (200, False)
    assert client.get(reverse(f"admin:{model}_add")).status_code == 403


def test_an_issued_certificate_cannot_be_deleted_in_the_admin(client, cast):
    course = load_course(CONTENT)
    finish_course(course, cast.participant)
    certificate = services.request_certificate(course, actor=cast.participant)
    client.force_login(cast.programme_admin)

    response = client.post(
        reverse("admin:competence_certificate_delete", args=[certificate.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Certificate.objects.filter(pk=certificate.pk).exists()
