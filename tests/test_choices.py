import pytest
from django.db.models import Model
from django.utils import translation

from institutions.models import Category, Institution
from plans.models import Commitment, Comparator, Plan, Target


def django_display(instance, name):
    """What Django's own get_FOO_display() would say."""
    return Model._get_FIELD_display(instance, instance._meta.get_field(name))


CASES = [
    (Institution, "category", list(Category.values)),
    (Commitment, "status", list(Commitment.Status.values)),
    (Plan, "kind", list(Plan.Kind.values)),
    (Target, "comparator", [*Comparator.values, ""]),
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(("model", "name", "values"), CASES)
def test_choice_labels_are_djangos_in_each_language(model, name, values, language):
    with translation.override(language):
        for value in values:
            instance = model(**{name: value})
            shown = getattr(instance, f"get_{name}_display")()
            assert shown == django_display(instance, name)
            assert type(shown) is str


def test_choice_labels_follow_the_language_at_call_time():
    commitment = Commitment(status=Commitment.Status.ACHIEVED)
    display = commitment.get_status_display
    with translation.override("en"):
        english = display()
    with translation.override("zh-hans"):
        chinese = display()
    assert english == "achieved" and chinese != english


def test_a_value_outside_the_choices_is_shown_as_it_is():
    assert Institution(category="unknown").get_category_display() == "unknown"
    assert Commitment(status="").get_status_display() == ""
