"""factory_boy factories shared by every app's tests."""

import factory

from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.no")
    name = factory.Faker("name", locale="nb_NO")
    password = factory.django.Password("correct-horse-battery")
