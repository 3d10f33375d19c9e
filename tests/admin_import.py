"""Confirming an import in the admin, as its preview page's button does."""

import re

PLAN = re.compile(r'name="plan" value="([0-9a-f]+)"')


def shown_plan(client, address):
    """The fingerprint of the changes the preview at `address` shows."""
    return PLAN.search(client.get(address).content.decode()).group(1)


def confirm(client, address):
    """Open the preview at `address` and press its import button."""
    return client.post(address, {"plan": shown_plan(client, address)})
