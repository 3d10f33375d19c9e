import pytest

from tests.factories import InstitutionFactory, SchemeFactory


@pytest.fixture
def scheme():
    return SchemeFactory(name="义乌市中小学校综合评价")


@pytest.fixture
def schools(scheme):
    return [
        InstitutionFactory(
            name="义乌市第六中学",
            short_name="义乌六中",
            slug="yiwu-liuzhong",
            aliases="六中",
            region=scheme.region,
        ),
        InstitutionFactory(
            name="义乌市绣湖中学",
            short_name="绣湖中学",
            slug="xiuhu-zhongxue",
            region=scheme.region,
        ),
        InstitutionFactory(
            name="义乌市宾王中学",
            short_name="宾王中学",
            slug="binwang-zhongxue",
            region=scheme.region,
        ),
    ]
