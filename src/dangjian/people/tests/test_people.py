

def test_roles_that_may_not_reveal_see_the_birth_year_not_the_date(login, community_a):
    """The birth date is digits 7–14 of the ID number: with the mask's first 3 and last 4 it gave 15 of 18."""
    from datetime import date

    from dangjian.people.models import Person
    from dangjian.testing.world import sample

    person = sample(Person, community_a)
    Person.objects.filter(pk=person.pk).update(birth_date=date(1956, 3, 17))
    full = login("secretary_a")
    assert "1956-03-17" in full.get(f"/people/{person.pk}/").content.decode()
    assert full.get(f"/api/people/{person.pk}/").json()["birth_date"] == "1956-03-17"
    for persona in ("cadre", "district"):
        client = login(persona)
        page = client.get(f"/people/{person.pk}/").content.decode()
        assert "1956-03-17" not in page and "03-17" not in page and "出生年份" in page and "1956年" in page, persona
        assert client.get(f"/api/people/{person.pk}/").json()["birth_date"] is None, persona
