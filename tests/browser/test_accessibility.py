"""Every public page passes axe-core and holds up at phone and desktop widths.

axe runs with its default rules (WCAG 2 A and AA plus best practices). The layout
checks are the ones axe cannot make: one h1, nothing wider than the screen (wide
tables scroll inside their .table-scroll wrapper), a label on every form field.
"""

import pytest
from playwright.sync_api import expect

from institutions.models import Institution
from ratings.models import Scheme
from tests.factories import RatingFactory

pytestmark = pytest.mark.browser

WIDTHS = {"phone": (375, 812), "desktop": (1280, 900)}
SHOT_HEIGHT = 4000

PAGES = {
    "home": "/",
    "awards": "/awards/2024/",
    "awards-health": "/awards/2024/?kind=health",
    "directory": "/institutions/",
    "directory-search": "/institutions/?q=六中",
    "institution-with-targets": "/institutions/xiuhu-zhongxue/",
    "health-institution": "/institutions/houzhai-jiedao-shequ-weisheng-fuwu-zhongxin/",
    "region-yiwu": "/regions/330782/",
    "region-province": "/regions/330000/",
    "region-bureau-plans": "/regions/330502/",
    "compare": "/compare/?i=yiwu-zhongxue&i=yiwu-liuzhong",
    "compare-empty": "/compare/",
    "scheme": "/schemes/{scheme}/",
    "data": "/data/",
}

# Measured in the page: what overflows, what has no label.
LAYOUT = """() => {
  const fields = [...document.querySelectorAll("input, select, textarea")].filter(
    (el) => !["hidden", "submit", "button", "reset"].includes(el.type)
  );
  return {
    h1: document.querySelectorAll("h1").length,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    unlabelled: fields
      .filter((el) => !el.labels.length && !el.getAttribute("aria-label"))
      .map((el) => el.outerHTML),
  };
}"""


def describe(violations):
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['failureSummary']}")
    return "\n".join(lines)


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_public_pages_are_accessible_on_a_phone_and_a_desktop(
    page, site, axe, artifacts, path, request
):
    path = path.format(scheme=Scheme.objects.order_by("pk").first().pk)
    page.goto(site(path))
    for width_name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        # The top of the page, at most SHOT_HEIGHT px: encoding a whole long page is slow.
        shot_height = min(page.evaluate("document.documentElement.scrollHeight"), SHOT_HEIGHT)
        page.screenshot(
            path=artifacts / f"{request.node.callspec.id}-{width_name}.png",
            full_page=True,
            clip={"x": 0, "y": 0, "width": width, "height": shot_height},
        )

        layout = page.evaluate(LAYOUT)
        assert layout["h1"] == 1, f"{path} at {width}px has {layout['h1']} h1 elements"
        assert layout["scrollWidth"] <= layout["innerWidth"] + 1, (
            f"{path} at {width}px is {layout['scrollWidth']}px wide"
        )
        assert not layout["unlabelled"], f"{path}: fields without a label: {layout['unlabelled']}"

        violations = axe(page)
        assert not violations, f"axe on {path} at {width}px:\n{describe(violations)}"


# The rating chart as drawn: its scale, its smallest label, whether it scrolls.
CHART = """() => {
  const svg = document.querySelector("svg.chart");
  const scroller = svg.parentElement;
  const labels = [...svg.querySelectorAll("text")].map((t) => t.getBoundingClientRect().height);
  return {
    scale: svg.getBoundingClientRect().width / svg.width.baseVal.value,
    smallestLabel: Math.min(...labels),
    scrolls: scroller.scrollWidth > scroller.clientWidth,
    pageWidth: document.documentElement.scrollWidth,
  };
}"""


def test_a_long_rating_history_keeps_its_chart_readable_on_a_phone(page, site, axe):
    institution = Institution.objects.get(slug="xiuhu-zhongxue")
    scheme = institution.ratings.get(year=2024).scheme
    for year in range(2012, 2024):  # thirteen years with 2024
        RatingFactory(institution=institution, scheme=scheme, year=year, stars=4, published=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site("/institutions/xiuhu-zhongxue/"))
    chart = page.evaluate(CHART)
    assert chart["scale"] == 1  # drawn at its size, not shrunk to the screen
    assert chart["smallestLabel"] >= 12
    assert chart["scrolls"] and chart["pageWidth"] <= 390
    violations = axe(page)
    assert not violations, describe(violations)


def test_the_keyboard_focus_is_visible(page, site):
    page.goto(site("/awards/2024/"))
    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


def test_stars_and_progress_bars_have_text_equivalents(page, site):
    page.goto(site("/institutions/xiuhu-zhongxue/"))
    stars = page.locator(".stars")
    expect(stars.first).to_be_attached()
    labels = stars.locator(".visually-hidden").all_text_contents()
    assert len(labels) == stars.count()
    assert all(label.strip() for label in labels)
    bars = page.locator("progress")
    expect(bars.first).to_be_attached()
    labels = bars.evaluate_all("(bars) => bars.map((bar) => bar.getAttribute('aria-label'))")
    assert all(label and label.strip() for label in labels)


@pytest.mark.parametrize("path", ["/awards/2024/", "/institutions/xiuhu-zhongxue/"])
def test_pages_are_readable_without_javascript(browser, site, path):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(site(path))
        expect(page.locator("h1")).to_be_visible()
        expect(page.locator("main")).to_contain_text("义乌市绣湖中学")
    finally:
        context.close()


# Chinese text in an English page whose nearest lang="…" is not Chinese: a screen
# reader would read it with an English voice.
UNMARKED_CHINESE = """() => {
  const han = /\\p{Script=Han}/u;
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  const unmarked = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!han.test(node.data)) continue;
    const parent = node.parentElement;
    if (parent.closest("script, style, option, datalist")) continue;
    const lang = parent.closest("[lang]").getAttribute("lang");
    if (!lang.toLowerCase().startsWith("zh")) unmarked.push(node.data.trim().slice(0, 40));
  }
  return unmarked;
}"""


@pytest.mark.parametrize(
    "path",
    # Not /data/: its English descriptions quote Chinese terms (统一社会信用代码)
    # inside translated sentences, which carry no markup.
    [path for name, path in PAGES.items() if name != "data"],
    ids=[name for name in PAGES if name != "data"],
)
def test_chinese_data_in_english_pages_is_marked_as_chinese(browser, site, path):
    path = path.format(scheme=Scheme.objects.order_by("pk").first().pk)
    context = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en"})
    try:
        page = context.new_page()
        page.goto(site(path))
        assert page.evaluate("document.documentElement.lang") == "en"
        unmarked = page.evaluate(UNMARKED_CHINESE)
        assert not unmarked, f"{path}: Chinese text not marked lang=zh-Hans: {unmarked[:10]}"
    finally:
        context.close()
