import pytest
from django.core.management import call_command


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo dataset, loaded once for a module's tests and removed after them."""
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
