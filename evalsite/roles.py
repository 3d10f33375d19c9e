"""The two staff roles, kept in step with the models after every migrate."""

from django.contrib.auth.models import Group, Permission

DATA_ENTRY = "录入员"
REVIEWER = "审核员"

# (app_label, model): actions granted to data entry. Reviewers may do everything
# with each of these models (adding, changing and deleting regions, bureaus,
# schemes and award events included: they keep the reference data), and publish,
# export and import; the import log is theirs to read (ratings/admin.py).
DATA_ENTRY_MODELS = {
    ("institutions", "institution"): ("view", "add", "change"),
    ("ratings", "rating"): ("view", "add", "change"),
    ("plans", "plan"): ("view", "add", "change"),
    ("plans", "commitment"): ("view", "add", "change"),
    ("plans", "target"): ("view", "add", "change"),
    ("plans", "indicator"): ("view", "add", "change"),
    ("institutions", "source"): ("view", "add", "change"),
    ("institutions", "region"): ("view",),
    ("institutions", "authority"): ("view",),
    ("ratings", "scheme"): ("view",),
    ("ratings", "awardevent"): ("view",),
}
REVIEWER_EXTRA = [
    ("ratings", "publish_rating"),
    ("ratings", "export_rating"),
    ("ratings", "import_rating"),
    ("plans", "publish_plan"),
    # Login throttling: reviewers see the attempts and unlock a locked-out
    # colleague by deleting theirs (the lockout page sends them to a reviewer).
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
    ("axes", "view_accesslog"),
    ("axes", "view_accessfailurelog"),
]


def _codenames():
    entry = set()
    for (app, model), actions in DATA_ENTRY_MODELS.items():
        entry |= {(app, f"{action}_{model}") for action in actions}
    reviewer = set(entry)
    for app, model in DATA_ENTRY_MODELS:
        reviewer |= {(app, f"{action}_{model}") for action in ("view", "add", "change", "delete")}
    reviewer |= set(REVIEWER_EXTRA)
    return entry, reviewer


def _permissions(pairs):
    perms = Permission.objects.filter(content_type__app_label__in={a for a, _ in pairs})
    return [
        p
        for p in perms.select_related("content_type")
        if (p.content_type.app_label, p.codename) in pairs
    ]


def ensure_roles(**kwargs):
    """Create or update the 录入员 and 审核员 groups; safe to run any number of times."""
    entry, reviewer = _codenames()
    for name, pairs in ((DATA_ENTRY, entry), (REVIEWER, reviewer)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(pairs))
