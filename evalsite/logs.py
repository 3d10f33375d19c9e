"""Logging helpers for the settings' LOGGING."""

import logging


class OneLineWarning(logging.Filter):
    """Logs a record as one line at WARNING, without its traceback.

    For requests refused for a reason the message says in full (a Host header the
    site does not serve): scanners send them all day, and each would otherwise be
    an ERROR with a traceback of Django's internals that buries real errors."""

    def filter(self, record):
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = None
        return True
