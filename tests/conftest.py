import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import translation

from evalsite.roles import DATA_ENTRY, REVIEWER


def _staff_in_group(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, password="secret", is_staff=True)
    # The groups come from the post_migrate hook in evalsite/roles.py.
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def data_entry_user(django_user_model):
    """A bureau clerk (录入员): enters drafts, may not publish or delete."""
    return _staff_in_group(django_user_model, "luruyuan", DATA_ENTRY)


@pytest.fixture
def reviewer_user(django_user_model):
    """An editor (审核员): may also publish and delete."""
    return _staff_in_group(django_user_model, "shenheyuan", REVIEWER)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("chaoji", password="secret")


@pytest.fixture(autouse=True)
def default_language():
    """Start every test in the site's default language: a request to an English
    page leaves English active in the thread (as LocaleMiddleware does), and a
    test that reads messages outside a request would otherwise depend on the
    tests before it."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def english():
    """Run in English, so tests can quote messages as the code writes them."""
    with translation.override("en"):
        yield
