"""Generate a province-sized dataset for the benchmark, deterministically.

`seed_scale --institutions 20000 --years 10 --seed 1` builds a synthetic
province (code 99xxxx, names marked 模拟) with prefectures and counties; mostly
schools, some health institutions; a rating per institution and year (stars
mostly 3–4, about one in ten five-star); a plan per institution and year with
3–8 commitments and up to three targets. Rows are bulk-inserted; no history is
written for them.
"""

import random
import time
from datetime import UTC, datetime
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from institutions.models import Category, Institution, Kind, Region
from plans.models import Commitment, Comparator, Indicator, Plan, Target
from ratings.models import Rating, Scheme

PROVINCE = "990000"
STARS = [1, 2, 3, 4, 5]
STAR_WEIGHTS = [3, 10, 40, 37, 10]
SCHOOL_CATEGORIES = [
    (Category.KINDERGARTEN, "幼儿园", "幼儿园组", 20),
    (Category.PRIMARY, "小学", "小学组", 40),
    (Category.JUNIOR, "初级中学", "初中组", 18),
    (Category.SENIOR, "高级中学", "高中组", 8),
    (Category.NINE_YEAR, "九年一贯制学校", "初中组", 8),
    (Category.VOCATIONAL, "职业技术学校", "高中组", 4),
    (Category.SPECIAL, "特殊教育学校", "小学组", 2),
]
HEALTH_CATEGORIES = [
    (Category.COMMUNITY_HEALTH, "社区卫生服务中心", "社区卫生服务中心组", 45),
    (Category.TOWNSHIP_HEALTH, "卫生院", "卫生院组", 35),
    (Category.GENERAL_HOSPITAL, "人民医院", "医院组", 10),
    (Category.TCM_HOSPITAL, "中医院", "医院组", 6),
    (Category.MATERNAL_CHILD, "妇幼保健院", "医院组", 4),
]
COMMITMENT_TITLES = [
    "实施党建领航工程",
    "深化课堂教学改革",
    "加强教师队伍建设",
    "推进五育融合",
    "提升办学条件",
    "深化家校社协同",
    "推进数字化改革",
    "加强安全管理",
    "提升医疗服务质量",
    "推进医共体建设",
]
INDICATORS = [
    ("新增学位", "个", True),
    ("教师培训覆盖率", "%", True),
    ("投入资金", "万元", True),
    ("门诊满意度", "%", True),
    ("平均候诊时间", "分钟", False),
]


class Command(BaseCommand):
    help = (
        "Generate a synthetic province of institutions, ratings and plans (benchmark data) "
        "in an empty database: it refuses one that holds any institution."
    )

    def add_arguments(self, parser):
        parser.add_argument("--institutions", type=int, default=1000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--last-year", type=int, default=2024)

    def handle(self, *args, **options):
        if Region.objects.filter(code=PROVINCE).exists():
            raise CommandError("the synthetic province already exists: use an empty database")
        # Its ratings and plans are published: in a site's own database they would
        # show on the public pages beside the real ones.
        held = Institution.objects.count()
        if held:
            raise CommandError(
                f"this database already holds {held} institution{'s' if held > 1 else ''}: "
                "seed_scale fills an empty database (the benchmark's own), never a site's"
            )
        started = time.monotonic()
        rng = random.Random(options["seed"])
        with transaction.atomic():
            counties = self.regions(max(2, options["institutions"] // 250))
            schemes = {
                kind: Scheme.objects.create(
                    name=f"模拟省{label}综合评价",
                    operator="模拟省",
                    region=counties[0].parent.parent,
                    kind=kind,
                    methodology="基准测试用的模拟评价方案。",
                )
                for kind, label in ((Kind.SCHOOL, "中小学校"), (Kind.HEALTH, "公立医疗机构"))
            }
            institutions = self.institutions(rng, options["institutions"], counties)
            years = range(options["last_year"] - options["years"] + 1, options["last_year"] + 1)
            self.ratings(rng, institutions, schemes, years)
            self.plans(rng, institutions, years)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # VACUUM too: it moves the bulk-loaded rows out of the GIN (trigram)
                # indexes' pending lists, as autovacuum would in time.
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            f"Seeded {len(institutions)} institutions × {len(years)} years "
            f"in {time.monotonic() - started:.0f} s."
        )

    def regions(self, county_count):
        province = Region.objects.create(code=PROVINCE, name="模拟省", level=Region.Level.PROVINCE)
        prefectures = [
            Region.objects.create(
                code=f"99{p:02d}00",
                name=f"模拟第{p}市",
                level=Region.Level.PREFECTURE,
                parent=province,
            )
            for p in range(1, 12)
        ]
        counties = [
            Region(
                code=f"{prefectures[c % 11].code[:4]}{c // 11 + 1:02d}",
                name=f"{prefectures[c % 11].name}第{c // 11 + 1}县",
                level=Region.Level.COUNTY,
                parent=prefectures[c % 11],
            )
            for c in range(min(county_count, 11 * 99))
        ]
        return Region.objects.bulk_create(counties)

    def institutions(self, rng, count, counties):
        rows = []
        for n in range(count):
            county = counties[n % len(counties)]
            kind = Kind.HEALTH if rng.random() < 0.12 else Kind.SCHOOL
            table = HEALTH_CATEGORIES if kind == Kind.HEALTH else SCHOOL_CATEGORIES
            category, suffix, _group, _weight = rng.choices(table, [c[3] for c in table])[0]
            name = f"{county.name}第{n + 1}{suffix}"
            rows.append(
                Institution(
                    name=name,
                    short_name=f"模拟{n + 1}{suffix}",
                    slug=f"bench-{n + 1}",
                    kind=kind,
                    category=category,
                    region=county,
                    aliases=f"模拟{n + 1}号",
                )
            )
        return Institution.objects.bulk_create(rows, batch_size=5000)

    def ratings(self, rng, institutions, schemes, years):
        groups = {c[0]: c[2] for c in SCHOOL_CATEGORIES + HEALTH_CATEGORIES}
        published_at = datetime(2025, 1, 1, tzinfo=UTC)
        batch = []
        for year in years:
            for institution in institutions:
                batch.append(
                    Rating(
                        institution=institution,
                        scheme=schemes[institution.kind],
                        year=year,
                        stars=rng.choices(STARS, STAR_WEIGHTS)[0],
                        group=groups[institution.category],
                        is_published=rng.random() < 0.97,
                        published_at=published_at,
                    )
                )
                if len(batch) >= 10000:
                    Rating.objects.bulk_create(batch, batch_size=5000)
                    batch = []
        Rating.objects.bulk_create(batch, batch_size=5000)

    def plans(self, rng, institutions, years):
        indicators = [
            Indicator.objects.get_or_create(name=n, unit=u, defaults={"higher_is_better": h})[0]
            for n, u, h in INDICATORS
        ]
        published_at = datetime(2025, 1, 1, tzinfo=UTC)
        for year in years:
            plans = Plan.objects.bulk_create(
                [
                    Plan(
                        institution=i,
                        year=year,
                        headline=f"{year}年 高质量发展行动计划",
                        summary="模拟计划摘要。",
                        is_published=rng.random() < 0.95,
                        published_at=published_at,
                    )
                    for i in institutions
                ],
                batch_size=5000,
            )
            commitments, targets = [], []
            for plan in plans:
                for position in range(1, rng.randint(3, 8) + 1):
                    progress = rng.randint(0, 100)
                    commitments.append(
                        Commitment(
                            plan=plan,
                            position=position,
                            title=rng.choice(COMMITMENT_TITLES),
                            text="模拟承诺事项全文。",
                            status=Commitment.Status.ACHIEVED
                            if progress == 100
                            else Commitment.Status.IN_PROGRESS,
                            progress=progress,
                        )
                    )
                for position in range(1, rng.randint(0, 3) + 1):
                    indicator = rng.choice(indicators)
                    target = Decimal(rng.randint(10, 1000))
                    targets.append(
                        Target(
                            plan=plan,
                            indicator=indicator,
                            position=position,
                            comparator=Comparator.GTE
                            if indicator.higher_is_better
                            else Comparator.LTE,
                            target_value=target,
                            actual=target * Decimal(rng.randint(60, 130)) / 100
                            if rng.random() < 0.7
                            else None,
                        )
                    )
            Commitment.objects.bulk_create(commitments, batch_size=5000)
            Target.objects.bulk_create(targets, batch_size=5000)
