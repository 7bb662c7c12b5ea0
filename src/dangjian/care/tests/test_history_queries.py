"""Each opening of a resident file adds a history entry; the page must not ask once more per entry."""

from dangjian.care.models import ResidentFile
from dangjian.testing import world
from dangjian.testing.queries import count_queries


def test_it_shows_a_files_growing_history_in_a_fixed_number_of_queries(login, community_a):
    client = login("secretary_a")
    record = ResidentFile.objects.visible_to(world.user("secretary_a")).first()
    url = f"/care/{record.pk}/"
    client.get(url)
    _, before = count_queries(client, url)
    for _ in range(10):
        client.get(url)
    _, after = count_queries(client, url)
    assert after == before
