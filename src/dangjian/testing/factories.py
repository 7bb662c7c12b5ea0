"""factory_boy factories for tests that need rows beyond the seeded world."""

import random
from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model

from dangjian.people import idcard
from dangjian.people.models import Person

_rng = random.Random(11643)


def valid_id_number(gender: str = "M", born: date | None = None) -> str:
    born = born or date(1960, 1, 1) + timedelta(days=_rng.randrange(0, 15000))
    return idcard.make("110101", born, _rng.randrange(0, 500), gender)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "Test@2026pass")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name", locale="zh_CN")
    gender = "M"
    id_number = factory.LazyAttribute(lambda o: valid_id_number(o.gender))
    birth_date = factory.LazyAttribute(lambda o: idcard.parse(o.id_number).birth_date)
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    address = factory.Faker("street_address", locale="zh_CN")
