"""load_demo: the five source documents, transcribed; loading twice changes nothing."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from institutions.models import Authority, Institution, Region, Source
from plans.models import Commitment, Comparator, Indicator, Plan, Target
from ratings.models import AwardEvent, Rating, Scheme

pytestmark = pytest.mark.django_db

MODELS = [Region, Authority, Institution, Source, Scheme, AwardEvent, Rating, Plan, Commitment,
          Indicator, Target]  # fmt: skip


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def counts():
    rows = {model.__name__: model.objects.count() for model in MODELS}
    history = {
        model.__name__: model.history.count() for model in MODELS if hasattr(model, "history")
    }
    return rows, history


def target(plan, value, unit, field="actual"):
    return plan.targets.get(**{field: Decimal(value), "indicator__unit": unit})


def test_load_demo_fills_an_empty_database_and_a_second_run_changes_nothing(demo):
    first = counts()
    assert first[0]["Institution"] == 12 and first[0]["Rating"] == 12
    call_command("load_demo", verbosity=0)
    assert counts() == first


def test_the_twelve_named_institutions_are_published_five_star_2024_awardees(demo):
    ratings = Rating.objects.published().for_year(2024).five_star()
    assert ratings.count() == 12
    assert ratings.filter(institution__kind="health").count() == 2
    liuzhong = Institution.objects.get(name="义乌市第六中学")
    assert liuzhong.short_name == "义乌六中"
    assert Rating.objects.get(institution=liuzhong).group == "高中组"
    assert Rating.objects.get(institution__name="义乌市绣湖中学").group == "初中组"
    assert Rating.objects.get(institution__name="义乌市中心医院").group == "五星级医院"
    assert Institution.objects.get(short_name="国贸学校").category == "vocational"


def test_the_award_event_says_how_many_the_source_counted(demo):
    event = AwardEvent.objects.get(date="2024-02-20")
    assert (event.schools_commended, event.health_commended) == (30, 4)
    assert "打造典范、再造辉煌" in event.name


def test_nine_institutions_have_a_published_2024_plan_with_their_headline(demo):
    plans = Plan.objects.published().of_institutions().for_year(2024)
    assert plans.count() == 9
    xiuhu = plans.get(institution__name="义乌市绣湖中学")
    assert xiuhu.headline == "争当浙江省现代化示范性学校"
    assert xiuhu.commitments.filter(title__startswith="聚焦").count() >= 5
    course = xiuhu.targets.get(indicator__name__contains="精品课程")
    assert (course.comparator, course.target_value, course.indicator.unit) == (
        Comparator.GTE,
        Decimal("5"),
        "个",
    )
    guomao = plans.get(institution__short_name="国贸学校")
    assert guomao.commitments.first().title == "实施党建领航工程"


def test_yiwu_2021_plan_has_its_six_sections_and_figures(demo):
    plan = Plan.objects.get(authority__name="义乌市教育局", year=2021)
    assert plan.source.index_number == "11330782002609303G/2021-410122"
    assert plan.source.date.isoformat() == "2021-11-17"
    assert plan.commitments.count() == 6
    places = target(plan, "16300", "个", field="target_value")
    assert places.indicator.name == "新增中小幼学位"
    kindergartens = plan.targets.get(indicator__name__contains="公办园覆盖率")
    assert (kindergartens.comparator, kindergartens.target_value) == (Comparator.GTE, 50)
    special = plan.targets.filter(indicator__name__contains="入学率", indicator__unit="%")
    assert sorted(t.target_value for t in special) == [85, 95, 98]
    elders = target(plan, "1.5", "万人次", field="target_value")
    assert elders.target_value == Decimal("1.5")


def test_wuxing_2022_results_keep_their_baselines_and_2023_targets(demo):
    report = Plan.objects.get(authority__name="吴兴区教育局", year=2022, kind="report")
    share = report.targets.get(indicator__name="普惠园占比")
    assert (share.baseline, share.actual, share.indicator.unit) == (
        Decimal("89.68"),
        Decimal("95.56"),
        "%",
    )
    plan = Plan.objects.get(authority__name="吴兴区教育局", year=2023, kind="plan")
    clean = plan.targets.get(indicator__name="培育区级清廉学校示范校")
    assert (clean.target_value, clean.indicator.unit) == (15, "所")
    assert plan.source.date.isoformat() == "2023-02-25"


def test_pinghu_2024_plan_has_six_actions_and_2023_results(demo):
    plan = Plan.objects.get(authority__name="平湖市教育局", year=2024, kind="plan")
    assert plan.commitments.count() == 6
    report = Plan.objects.get(authority__name="平湖市教育局", year=2023, kind="report")
    assert target(report, "8.32", "亿元").status == "reported"
    target(report, "68.51", "%")
    target(report, "177", "名")


def test_yima_2024_results_keep_numbers_and_units_as_written(demo):
    report = Plan.objects.get(authority__region__code="411281", year=2024, kind="report")
    assert target(report, "2.67", "亿元").actual == Decimal("2.67")
    target(report, "1416.2", "万元")
    target(report, "99.5", "%")
    target(report, "504", "人")


def test_every_record_cites_a_source_by_its_title(demo):
    assert Source.objects.count() == 5
    assert not Rating.objects.filter(source=None).exists()
    assert not Plan.objects.filter(source=None).exists()
    assert not Source.objects.filter(title="").exists()
    assert not Source.objects.filter(title__endswith=".txt").exists()


def test_the_yiwu_2024_feature_names_no_publisher(demo):
    # The newspaper feature prints no masthead or publisher; its "我市" says only
    # that it was written in Yiwu, not that the city government published it.
    source = Source.objects.get(title__startswith="开局就要奔跑")
    assert source.publisher == ""
    assert "未注明发布机关" in source.citation or "publisher not stated" in source.citation


def test_the_api_gives_a_plans_source_with_both_its_dates(demo, client):
    # 义乌市教育局2021年重点工作计划: 成文日期 2021-01-17, 发布时间 2021-11-17
    data = client.get("/api/v1/regions/330782/", HTTP_HOST="localhost").json()
    source = data["authorities"][0]["plans"][0]["source"]
    assert (source["date"], source["written_date"]) == ("2021-11-17", "2021-01-17")
    assert source["index_number"] == "11330782002609303G/2021-410122"


def test_no_health_authority_is_named_where_the_sources_name_none(demo):
    # None of the five documents says which bureau oversees Yiwu's hospitals.
    assert not Authority.objects.filter(sector="health").exists()
    for slug in ("yiwu-zhongxin-yiyuan", "houzhai-jiedao-shequ-weisheng-fuwu-zhongxin"):
        assert Institution.objects.get(slug=slug).authority is None


def test_the_yima_pages_photo_captions_and_the_schools_they_name_are_kept(demo):
    # The captions are the only place the page names these six schools.
    note = Source.objects.get(title__startswith="高位统筹").note
    for caption in (
        "图① 义马市实验小学读书日经典诵读活动表演现场。",
        "图② 东区小学的学生在学习种菜。",
        "图③ 义马市二中学生在阅览室阅读图书。",
        "图④ 新学期开学，义马市一小的学生在粘贴心愿纸。",
        "图⑤ 新整修的狂口学校。",
        "在2024年义马市中小学足球运动会中，东区小学与该市一小的队员激烈角逐。",
        "义马市外小“缤纷社团”展示活动。",
        "义马市实验小学举办“悦读悦享 共沐书香”读书节活动。",
    ):
        assert caption in note
