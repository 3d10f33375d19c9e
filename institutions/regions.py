"""Region tree helpers: regions are few (a province has ~100), so they are read whole."""

from functools import cached_property

from evalsite.markup import brackets
from institutions.models import Region

INDENT = {Region.Level.PROVINCE: "", Region.Level.PREFECTURE: "　", Region.Level.COUNTY: "　　"}


class RegionTree:
    """Every region, read in one query when first asked: what a filter form needs
    (the choices, and the regions below the one chosen) from a single read."""

    def __deepcopy__(self, memo):
        # Forms deep-copy their fields' choices: the copies share this one read.
        return self

    @cached_property
    def rows(self):
        return list(
            Region.objects.values_list("pk", "parent_id", "code", "name", "level").order_by("code")
        )

    @cached_property
    def names(self):
        """Region names by id."""
        return {pk: name for pk, _, _, name, _ in self.rows}

    def choices(self):
        """(code, label) pairs for a select, indented by level, with the code in the
        brackets of the visitor's language."""
        opening, closing = brackets()
        return [
            (code, f"{INDENT.get(level, '')}{name}{opening}{code}{closing}")
            for _, _, code, name, level in self.rows
        ]

    def ids_below(self, code):
        """Ids of the region with this code and of every region below it; None when
        no region has the code."""
        start = next((pk for pk, _, region_code, _, _ in self.rows if region_code == code), None)
        if start is None:
            return None
        return descendants(start, [(pk, parent_id) for pk, parent_id, *_ in self.rows])


def region_and_descendant_ids(region):
    """Ids of `region` and every region below it; one query."""
    return descendants(region.pk, Region.objects.values_list("pk", "parent_id"))


def descendants(start, pairs):
    """Ids of `start` and of every region below it, given (id, parent id) pairs. Each
    region once, even from a tree that loops (which Region.clean refuses, but a
    region's parent may be set by other means)."""
    children = {}
    for pk, parent_id in pairs:
        children.setdefault(parent_id, []).append(pk)
    ids, seen, todo = [], {start}, [start]
    while todo:
        pk = todo.pop()
        ids.append(pk)
        below = [child for child in children.get(pk, []) if child not in seen]
        seen.update(below)
        todo.extend(below)
    return ids
