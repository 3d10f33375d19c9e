"""Every string of the public pages' Jinja2 templates reaches the Chinese catalogue."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from evalsite.jinja2 import environment
from evalsite.management.commands.makemessages import BuildFile

TEMPLATES = sorted((settings.BASE_DIR / "templates" / "jinja2").rglob("*.html"))


def template_strings():
    env = environment()
    for path in TEMPLATES:
        for _, function, message in env.extract_translations(path.read_text(encoding="utf-8")):
            # A call with keyword arguments gives a tuple (message, None, …).
            strings = message if isinstance(message, tuple) else (message,)
            yield path, function, tuple(s for s in strings if s is not None)


def test_the_templates_are_found():
    assert len(TEMPLATES) >= 15
    assert len(list(template_strings())) > 150


@pytest.mark.parametrize(("path", "function", "message"), list(template_strings()))
def test_template_string_is_translated(path, function, message):
    with translation.override("zh-hans"):
        if function == "ngettext":
            singular, plural = message
            translated = translation.ngettext(singular, plural, 1)
            assert translated != singular, f"{path.name}: {singular!r} has no translation"
        else:
            (text,) = message
            assert translation.gettext(text) != text, f"{path.name}: {text!r} has no translation"


def test_makemessages_hands_xgettext_the_calls_on_their_lines(tmp_path):
    template = tmp_path / "jinja2" / "page.html"
    template.parent.mkdir()
    template.write_text(
        '<h1>{{ _("Overview") }}</h1>\n'
        "<p>\n"
        '{{ ngettext("%(counter)s institution shown.", "%(counter)s institutions shown.",'
        " n, counter=n) }}</p>\n",
        encoding="utf-8",
    )

    class Translatable:
        file = "page.html"
        dirpath = str(template.parent)
        path = str(template)

    build = BuildFile(command=None, domain="django", translatable=Translatable())
    build.preprocess()
    lines = Path(build.work_path).read_text(encoding="utf-8").split("\n")
    assert lines[0] == "_('Overview'); "
    assert lines[1] == ""
    assert lines[2] == (
        "ngettext('%(counter)s institution shown.', '%(counter)s institutions shown.'); "
    )


def obsolete_and_fuzzy(po_file):
    """The first lines of the catalogue's obsolete and of its fuzzy entries."""

    def first_lines(flag):
        out = subprocess.run(
            ["msgattrib", flag, str(po_file)], capture_output=True, text=True, check=True
        ).stdout
        return {line for line in out.splitlines() if line.startswith(("msgid", "#~ msgid"))}

    return first_lines("--only-obsolete"), first_lines("--only-fuzzy")


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext (xgettext)")
def test_make_messages_keeps_every_translation(tmp_path):
    """`make messages` re-reads the code: a translation it cannot find (a call it does not
    see, a word of another package) would turn obsolete, a new message near an old one
    fuzzy, and either would be shown untranslated."""
    root = settings.BASE_DIR
    copy = tmp_path / "site"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "node_modules", "test-artifacts", "*.sqlite3", "__pycache__"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "zh_Hans", "-v0"],
        cwd=copy,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "evalsite.settings"},
    )
    catalogue = Path("locale/zh_Hans/LC_MESSAGES/django.po")
    obsolete_before, _ = obsolete_and_fuzzy(root / catalogue)
    obsolete_after, fuzzy_after = obsolete_and_fuzzy(copy / catalogue)
    assert obsolete_after == obsolete_before
    assert fuzzy_after == set()
