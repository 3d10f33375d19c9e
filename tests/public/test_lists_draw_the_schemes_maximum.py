"""Lists of institutions draw a latest rating against its own scheme's maximum, as the
institution's page does: three stars of a three-star scheme are "3 of 3 stars"."""

import pytest

from tests.factories import RatingFactory

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}


@pytest.fixture
def rating():
    return RatingFactory(published=True, stars=3, scheme__max_stars=3)


@pytest.mark.parametrize("where", ["directory", "region"])
def test_a_latest_rating_is_drawn_against_its_schemes_maximum(client, rating, where):
    url = "/institutions/" if where == "directory" else rating.institution.region.get_absolute_url()
    # (the region's own table of star levels, above its list, counts levels of five)
    listed = client.get(url, headers=ENGLISH).content.decode().split("<tbody>")[-1]
    assert 'title="3 of 3 stars"' in listed
    assert 'title="3 of 5 stars"' not in listed
    assert 'title="3 星（满分 3 星）"' in client.get(url).content.decode()
