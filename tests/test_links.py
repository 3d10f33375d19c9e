import pytest
from django.urls import reverse, set_script_prefix

from evalsite.links import object_url


@pytest.mark.parametrize(
    ("name", "arg"),
    [
        ("institution", "yiwu-zhongxue"),
        ("institution", "a_b-9"),
        ("region", "330782"),
        ("region", "a b&c?d#e%f"),  # a str converter takes anything but "/"
        ("region", "义乌"),
        ("scheme", 12),
        ("awards", 2024),
    ],
)
def test_object_url_is_what_reverse_gives(name, arg):
    assert object_url(name, arg) == reverse(name, args=[arg])


def test_object_url_follows_the_script_prefix():
    set_script_prefix("/evaluation/")
    try:
        assert object_url("institution", "x") == "/evaluation/institutions/x/"
        assert object_url("institution", "x") == reverse("institution", args=["x"])
    finally:
        set_script_prefix("/")
    assert object_url("institution", "x") == "/institutions/x/"
