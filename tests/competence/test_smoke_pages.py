import re

from django.urls import reverse


def test_pages_render_with_their_heading(client, cast, course, module1):
    lesson = module1.lessons.first()
    headings = {
        reverse("competence:course"): "Gnist kompetanse testutgave",
        module1.get_absolute_url(): "Modul 1: Designdrevet innovasjon",
        lesson.get_absolute_url(): "Hva er design?",
        module1.exercises.first().get_absolute_url(): "Din erfaring",
        reverse("competence:quiz", kwargs={"module": module1.slug}): "Quiz om innsikt",
        reverse("competence:notebook"): "Notatboken min",
        reverse("competence:certificate"): "Kursbevis",
    }
    for user in [None, cast.participant, cast.staff]:
        client.logout()
        if user:
            client.force_login(user)
        for url, heading in headings.items():
            response = client.get(url)
            shown = re.findall(r"<h1[^>]*>(.*?)</h1>", response.text, re.S)
            assert (url, response.status_code, shown) == (url, 200, [heading])
