"""`makemessages` that also reads the Jinja2 templates of the public pages.

Django's own command reads templates as Django templates, which would miss
Jinja2's `_("… %(year)s …", year=year)` calls. Jinja2 templates (under
`templates/jinja2/`) are read with Jinja2's own extractor instead and handed to xgettext
as the equivalent gettext calls, on the same lines.
"""

import os

from django.core.management.commands import makemessages
from django.utils.functional import cached_property

from evalsite.jinja2 import environment

JINJA_DIR = "jinja2"


class BuildFile(makemessages.BuildFile):
    @cached_property
    def is_jinja(self):
        return self.domain == "django" and JINJA_DIR in self.path.split(os.sep)

    def preprocess(self):
        if not self.is_jinja:
            return super().preprocess()
        with open(self.path, encoding="utf-8") as fp:
            source = fp.read()
        lines = [""] * (source.count("\n") + 1)
        for lineno, function, message in environment().extract_translations(source):
            strings = message if isinstance(message, tuple) else (message,)
            arguments = ", ".join(repr(s) for s in strings if s is not None)
            lines[lineno - 1] += f"{function}({arguments}); "
        with open(self.work_path, "w", encoding="utf-8") as fp:
            fp.write("\n".join(lines))


class Command(makemessages.Command):
    build_file_class = BuildFile
