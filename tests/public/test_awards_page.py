"""The awards page and the plan sections, as a visitor reads them."""

import pytest

from tests.factories import (
    CommitmentFactory,
    PlanFactory,
    RatingFactory,
    SchemeFactory,
    SourceFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def test_a_list_over_several_pages_gives_its_total_and_this_pages_share(client):
    scheme = SchemeFactory()
    RatingFactory.create_batch(53, published=True, scheme=scheme, institution__region=scheme.region)
    html = client.get("/awards/2024/").content.decode()
    assert "共 53 家机构。 本页为第 1–50 家。" in html
    assert "本页为第 51–53 家。" in client.get("/awards/2024/?page=2").content.decode()


def test_a_year_with_nothing_published_says_so_and_not_that_filters_match_nothing(client):
    RatingFactory(published=True, year=2024)
    assert "2019年尚无已发布的评价结果。" in client.get("/awards/2019/").content.decode()
    filtered = client.get("/awards/2024/?kind=health").content.decode()
    assert "2024年没有符合筛选条件的已发布内容。" in filtered


def test_english_sections_are_named_in_the_plural(client):
    RatingFactory(published=True)
    html = client.get("/awards/2024/", headers={"accept-language": "en"}).content.decode()
    assert "<h2>Schools</h2>" in html


def test_the_main_navigation_marks_the_current_section(client):
    RatingFactory(published=True)
    html = client.get("/awards/2024/").content.decode()
    assert 'href="/awards/" aria-current="page"' in html
    assert 'href="/institutions/" aria-current' not in html
    home = client.get("/").content.decode()
    assert 'href="/" aria-current="page"' in home
    assert 'href="/awards/" aria-current' not in home


def test_a_commitments_paragraphs_keep_their_line_breaks(client):
    plan = PlanFactory(published=True)
    CommitmentFactory(plan=plan, title="第一项", text="【看点】第一段。\n【盘点】第二段。")
    html = client.get(plan.institution.get_absolute_url()).content.decode()
    assert "【看点】第一段。<br>【盘点】第二段。" in html


def test_a_result_without_a_target_shows_no_progress(client):
    plan = PlanFactory(published=True)
    TargetFactory(plan=plan, comparator="", target_value=None, actual=9)
    html = client.get(plan.institution.get_absolute_url()).content.decode()
    row = html.split('<span class="badge status-reported">')[1].split("</tr>")[0]
    assert "<td>—</td>" in row
    assert "暂无数据" not in row


def test_a_plan_is_headed_alike_on_every_page(client):
    plan = PlanFactory(published=True, headline="促创新")
    RatingFactory(published=True, institution=plan.institution)
    heading = "2024年计划："
    assert heading in client.get("/awards/2024/").content.decode()
    assert heading in client.get(plan.institution.get_absolute_url()).content.decode()
    other = RatingFactory(published=True).institution
    compare = client.get(f"/compare/?i={plan.institution.slug}&i={other.slug}").content.decode()
    assert heading in compare


def test_the_homes_share_shows_its_figure(client):
    RatingFactory(published=True, stars=5)
    RatingFactory(published=True, stars=4)
    html = client.get("/").content.decode()
    assert '<span class="num">50%</span>' in html


def test_the_home_counts_a_school_two_schemes_rated_five_stars_once(client):
    rating = RatingFactory(published=True, stars=5)
    RatingFactory(published=True, stars=5, institution=rating.institution)  # another scheme
    RatingFactory(published=True, stars=5)
    html = client.get("/").content.decode()
    assert '<div class="big">2</div>五星级学校' in html
    assert '<div class="big">3</div>已发布评价结果' in html


def test_a_year_without_five_star_ratings_says_so_and_links_the_other_star_levels(client):
    RatingFactory(published=True, year=2023, stars=4)
    RatingFactory.create_batch(2, published=True, year=2023, stars=3)
    html = client.get("/awards/2023/").content.decode()
    assert "2023年尚无已发布的五星级评价结果。" in html
    assert "2023年尚无已发布的评价结果" not in html
    assert (
        '其他星级：<a href="/awards/2023/?stars=4">4 星</a>（1）、'
        '<a href="/awards/2023/?stars=3">3 星</a>（2）'
    ) in html
    english = client.get("/awards/2023/", headers={"accept-language": "en"}).content.decode()
    assert "No five-star ratings of 2023 have been published." in english
    assert 'Other star levels: <a href="/awards/2023/?stars=4">4 stars</a> (1), ' in english


def test_a_star_level_nothing_has_says_so_under_the_other_filters_too(client):
    RatingFactory(published=True, year=2023, stars=4)
    html = client.get("/awards/2023/?stars=2").content.decode()
    assert "2023年尚无已发布的二星级评价结果。" in html
    assert '<a href="/awards/2023/?stars=4">4 星</a>（1）' in html
    filtered = client.get("/awards/2023/?kind=school").content.decode()
    assert "2023年没有符合筛选条件的五星级评价结果。" in filtered
    assert '<a href="/awards/2023/?kind=school&amp;stars=4">4 星</a>（1）' in filtered
    # Filters no star level fits: nothing to point to.
    health = client.get("/awards/2023/?kind=health").content.decode()
    assert "2023年没有符合筛选条件的已发布内容。" in health
    assert "其他星级" not in health


def test_the_homes_button_leads_to_the_highest_star_level_the_year_has(client):
    RatingFactory(published=True, year=2023, stars=4)
    html = client.get("/").content.decode()
    assert '<a class="button" href="/awards/2023/?stars=4">查看2023年四星级名单</a>' in html
    assert '<a href="/awards/2023/?stars=4">' in html.split("<tbody>")[1]  # the share table
    RatingFactory(published=True, year=2023, stars=5)
    html = client.get("/").content.decode()
    assert '<a class="button" href="/awards/2023/">查看2023年五星级名单</a>' in html


def test_a_source_is_cited_with_its_index_number_wherever_it_is_cited(client):
    source = SourceFactory(index_number="113307820026/2024-1")
    plan = PlanFactory(published=True, source=source)
    html = client.get(plan.institution.get_absolute_url()).content.decode()
    cited = '2024-02-20</span><span lang="zh-hans">（索引号 113307820026/2024-1）</span>'
    assert html.count(cited) == 2  # under the plan, and among the page's sources
    scheme = SchemeFactory(source=source)
    assert cited in client.get(scheme.get_absolute_url()).content.decode()
