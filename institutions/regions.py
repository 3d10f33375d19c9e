"""Region tree helpers: regions are few (a province has ~100), so they are read whole."""

from institutions.models import Region


def region_choices():
    """(code, label) pairs for a select, indented by level; one query."""
    regions = Region.objects.values_list("code", "name", "level").order_by("code")
    indent = {Region.Level.PROVINCE: "", Region.Level.PREFECTURE: "　", Region.Level.COUNTY: "　　"}
    return [(code, f"{indent.get(level, '')}{name}（{code}）") for code, name, level in regions]


def region_and_descendant_ids(region):
    """Ids of `region` and every region below it; one query."""
    children = {}
    for pk, parent_id in Region.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    ids, todo = [], [region.pk]
    while todo:
        pk = todo.pop()
        ids.append(pk)
        todo.extend(children.get(pk, []))
    return ids
