"""seed_scale fills the benchmark's empty databases, never a site's."""

import pytest
from django.core.management import CommandError, call_command

from institutions.models import Institution
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def test_seed_scale_refuses_a_database_that_holds_institutions():
    InstitutionFactory(name="义乌市第六中学")
    with pytest.raises(CommandError, match="already holds 1 institution:"):
        call_command("seed_scale", "--institutions", "20", "--years", "1")
    assert list(Institution.objects.values_list("name", flat=True)) == ["义乌市第六中学"]
