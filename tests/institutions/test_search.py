"""The directory's search: a substring of the official name, the short name or an
alias, whatever the case of Latin letters, and never one that spans two names."""

import pytest

from institutions.models import Institution
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools():
    return [
        InstitutionFactory(name="义乌市第六中学", short_name="义乌六中", aliases="六中\n稠州六中"),
        InstitutionFactory(name="义乌市ABC双语学校", short_name="ABC双语"),
        InstitutionFactory(name="义乌市绣湖中学", short_name=""),
    ]


def found(text):
    return sorted(i.name for i in Institution.objects.search(text))


@pytest.mark.parametrize(
    "text, names",
    [
        ("第六中", ["义乌市第六中学"]),  # the official name
        ("义乌六", ["义乌市第六中学"]),  # the short name
        ("稠州", ["义乌市第六中学"]),  # an alias
        ("abc双", ["义乌市ABC双语学校"]),  # Latin letters in either case
        ("  绣湖  ", ["义乌市绣湖中学"]),  # spaces around are not searched for
        ("中学", ["义乌市第六中学", "义乌市绣湖中学"]),
        ("50%", []),  # % and _ are characters, not wildcards
        ("义_市", []),
    ],
)
def test_a_search_finds_what_holds_the_text(schools, text, names):
    assert found(text) == names


def test_a_search_does_not_match_across_two_names(schools):
    # the official name ends 中学 and the short name begins 义乌
    assert found("中学义乌") == []
    assert found("中学\n义乌") == []
    assert found("六中\n稠州") == []  # nor across two aliases


def test_the_search_follows_a_renamed_institution(schools):
    school = schools[2]
    school.name = "义乌市稠城第一小学"
    school.save()
    assert found("稠城") == ["义乌市稠城第一小学"]
    assert found("绣湖") == []
    Institution.objects.filter(pk=school.pk).update(short_name="稠城一小")
    assert found("城一小") == ["义乌市稠城第一小学"]
