from django.urls import reverse


def test_pages_render(client, cast, course, module1):
    lesson = module1.lessons.first()
    urls = [
        reverse("competence:course"),
        module1.get_absolute_url(),
        lesson.get_absolute_url(),
        module1.exercises.first().get_absolute_url(),
        reverse("competence:quiz", kwargs={"module": module1.slug}),
        reverse("competence:notebook"),
        reverse("competence:certificate"),
    ]
    for user in [None, cast.participant, cast.staff]:
        client.logout()
        if user:
            client.force_login(user)
        for url in urls:
            assert (url, client.get(url).status_code) == (url, 200)
