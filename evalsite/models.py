"""evalsite has no models of its own.

This module exists so that Django sends this app a post_migrate signal (it
skips apps without a models module): the staff roles are set up then, once per
migrate, after every other app's permissions exist (see apps.py).
"""
