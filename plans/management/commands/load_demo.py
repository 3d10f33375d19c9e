"""Load the demo dataset transcribed from the source documents.

Reads every JSON file of plans/data/demo/ in name order (the format is in
that folder's README) and creates or updates rows matched on natural keys.
Rows that already hold the same values are not saved again, so a second run
changes nothing and adds no history.
"""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from institutions.models import Authority, Institution, Region, Source
from plans.models import Commitment, Indicator, Plan, Target
from ratings.models import AwardEvent, Rating, Scheme

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "demo"


def _date(value):
    return date.fromisoformat(value) if value else None


def _decimal(value):
    return None if value in (None, "") else Decimal(str(value))


class Loader:
    def __init__(self):
        self.created = 0
        self.updated = 0
        self.sources = {}
        self.schemes = {}
        self.events = {}
        self.changes = []

    def upsert(self, model, lookup, values, create_only=None):
        """Create or update one row; save only when something differs.

        `create_only` values are set on a new row but never overwrite an existing one.
        """
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values, **(create_only or {}))
            obj.full_clean()
            obj.save()
            self.created += 1
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            self.changes.append(f"{model.__name__} {lookup}: {', '.join(changed)}")
            for name in changed:
                setattr(obj, name, values[name])
            obj.full_clean()
            obj.save()
            self.updated += 1
        return obj

    def source(self, key):
        if not key:
            return None
        try:
            return self.sources[key]
        except KeyError:
            raise CommandError(f"unknown source key {key!r}") from None

    def load(self, data):
        for row in data.get("sources", []):
            self.sources[row["key"]] = self.upsert(
                Source,
                {"title": row["title"], "publisher": row["publisher"]},
                {
                    "date": _date(row.get("date")),
                    "written_date": _date(row.get("written_date")),
                    "index_number": row.get("index_number") or "",
                    "url": row.get("url") or "",
                    "note": row.get("note") or "",
                },
            )
        for row in data.get("regions", []):
            parent = Region.objects.get(code=row["parent"]) if row.get("parent") else None
            self.upsert(
                Region,
                {"code": row["code"]},
                {"name": row["name"], "level": row["level"], "parent": parent},
            )
        for row in data.get("authorities", []):
            self.upsert(
                Authority,
                {"name": row["name"]},
                {
                    "short_name": row.get("short_name", ""),
                    "region": Region.objects.get(code=row["region"]),
                    "sector": row["sector"],
                },
                # An authority named in several documents cites the first.
                create_only={"source": self.source(row.get("source"))},
            )
        for row in data.get("schemes", []):
            self.schemes[row["key"]] = self.upsert(
                Scheme,
                {"name": row["name"]},
                {
                    "operator": row["operator"],
                    "region": Region.objects.get(code=row["region"]),
                    "kind": row["kind"],
                    "max_stars": row.get("max_stars", 5),
                    "methodology": row.get("methodology", ""),
                    "source": self.source(row.get("source")),
                },
            )
        for row in data.get("award_events", []):
            self.events[row["key"]] = self.upsert(
                AwardEvent,
                {"name": row["name"], "date": _date(row["date"])},
                {
                    "region": Region.objects.get(code=row["region"]),
                    "description": row.get("description", ""),
                    "schools_commended": row.get("schools_commended"),
                    "health_commended": row.get("health_commended"),
                    "source": self.source(row.get("source")),
                },
            )
        for row in data.get("institutions", []):
            authority = row.get("authority")
            self.upsert(
                Institution,
                {"slug": row["slug"]},
                {
                    "name": row["name"],
                    "short_name": row.get("short_name", ""),
                    "aliases": "\n".join(row.get("aliases", [])),
                    "kind": row["kind"],
                    "category": row["category"],
                    "ownership": row.get("ownership", "public"),
                    "region": Region.objects.get(code=row["region"]),
                    "authority": Authority.objects.get(name=authority) if authority else None,
                    "credit_code": row.get("credit_code", ""),
                    "school_code": row.get("school_code", ""),
                    "source": self.source(row.get("source")),
                },
            )
        for row in data.get("ratings", []):
            self.publish(
                self.upsert(
                    Rating,
                    {
                        "institution": Institution.objects.get(slug=row["institution"]),
                        "scheme": self.schemes[row["scheme"]],
                        "year": row["year"],
                    },
                    {
                        "stars": row["stars"],
                        "group": row.get("group", ""),
                        "award_event": self.events.get(row.get("award_event")),
                        "source": self.source(row.get("source")),
                        "note": row.get("note", ""),
                    },
                ),
                row.get("published", True),
            )
        for row in data.get("plans", []):
            self.load_plan(row)

    def publish(self, obj, published):
        if obj.is_published != published:
            obj.is_published = published
            obj.published_at = timezone.now() if published else None
            obj.save()

    def load_plan(self, row):
        owner = row["owner"]
        if "institution" in owner:
            lookup = {"institution": Institution.objects.get(slug=owner["institution"])}
        else:
            lookup = {"authority": Authority.objects.get(name=owner["authority"])}
        lookup |= {"year": row["year"], "kind": row.get("kind", Plan.Kind.PLAN)}
        plan = self.upsert(
            Plan,
            lookup,
            {
                "headline": row["headline"],
                "summary": row.get("summary", ""),
                "source": self.source(row.get("source")),
            },
        )
        self.publish(plan, row.get("published", True))
        commitments = {}
        for item in row.get("commitments", []):
            commitments[item["position"]] = self.upsert(
                Commitment,
                {"plan": plan, "position": item["position"]},
                {
                    "title": item["title"],
                    "text": item.get("text", ""),
                    "theme": item.get("theme", ""),
                    "status": item.get("status", Commitment.Status.PLANNED),
                    "progress": item.get("progress", 0),
                },
            )
        for position, item in enumerate(row.get("targets", []), start=1):
            indicator = self.upsert(
                Indicator,
                {"name": item["indicator"], "unit": item.get("unit") or ""},
                {"higher_is_better": item.get("higher_is_better", True)},
            )
            self.upsert(
                Target,
                {"plan": plan, "position": item.get("position", position)},
                {
                    "indicator": indicator,
                    "commitment": commitments.get(item.get("commitment")),
                    "comparator": item.get("comparator") or "",
                    "target_value": _decimal(item.get("target")),
                    "baseline": _decimal(item.get("baseline")),
                    "baseline_label": item.get("baseline_label") or "",
                    "actual": _decimal(item.get("actual")),
                    "actual_date": _date(item.get("actual_date")),
                    "quote": item.get("quote") or "",
                    "note": item.get("note") or "",
                },
            )


class Command(BaseCommand):
    help = "Load the demo dataset transcribed from the source documents (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=DATA_DIR, help="folder of JSON files")

    def handle(self, *args, **options):
        files = sorted(options["dir"].glob("*.json"))
        if not files:
            raise CommandError(f"no JSON files in {options['dir']}")
        loader = Loader()
        with transaction.atomic():
            for path in files:
                try:
                    loader.load(json.loads(path.read_text(encoding="utf-8")))
                except CommandError:
                    raise
                except Exception as exc:
                    raise CommandError(f"{path.name}: {exc!r}") from exc
        self.stdout.write(
            f"Demo data loaded from {len(files)} files: "
            f"{loader.created} rows created, {loader.updated} updated."
        )
        for change in loader.changes:
            self.stdout.write(f"  updated {change}", style_func=self.style.WARNING)
