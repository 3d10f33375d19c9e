"""The admin in Chinese, including the pages of django-axes (which comes without
Chinese) and a message Django itself mistranslates."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from institutions.models import Institution
from tests.factories import InstitutionFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chinese_admin(client, superuser):
    client.force_login(superuser)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    return client


def test_the_login_attempts_section_is_in_chinese(chinese_admin):
    html = chinese_admin.get(reverse("admin:index")).content.decode()
    assert "登录保护" in html  # the section
    assert "登录尝试" in html and "登录日志" in html
    assert "Axes" not in html and "Access attempts" not in html


def test_a_lockout_list_is_in_chinese(chinese_admin, settings):
    AccessAttempt.objects.create(
        username="luruyuan",
        ip_address="203.0.113.7",
        user_agent="Mozilla/5.0",
        http_accept="*/*",
        path_info="/admin/login/",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )
    html = chinese_admin.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    for header in ("用户名", "IP 地址", "失败次数", "尝试时间", "路径", "状态"):
        assert f">{header}<" in html, header
    assert "已锁定" in html


def locked_out(username, settings, minutes_ago=0):
    from datetime import timedelta

    from django.utils import timezone

    attempt = AccessAttempt.objects.create(
        username=username,
        ip_address="203.0.113.7",
        user_agent="Mozilla/5.0",
        http_accept="*/*",
        path_info="/admin/login/",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )
    # (attempt_time is set on creation)
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return attempt


def test_clearing_expired_attempts_keeps_the_current_lockouts(chinese_admin, settings):
    locked_out("jiu", settings, minutes_ago=60)
    current = locked_out("xin", settings)
    response = chinese_admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "cleanup_expired_attempts", "_selected_action": [str(current.pk)]},
        follow=True,
    )
    assert response.status_code == 200
    assert "已清理 1 条过期的登录尝试记录。" in response.content.decode()
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["xin"]


def test_a_reviewer_unlocks_a_locked_out_colleague(client, reviewer_user, settings):
    attempt = locked_out("luruyuan", settings)
    client.force_login(reviewer_user)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "luruyuan" in client.get(changelist).content.decode()
    client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert not AccessAttempt.objects.exists()


def test_a_null_character_in_a_form_is_refused_in_words_that_say_so(chinese_admin):
    region = RegionFactory()
    response = chinese_admin.post(
        reverse("admin:institutions_institution_add"),
        {"name": "义乌市\x00第六中学", "kind": "school", "category": "senior", "region": region.pk},
    )
    assert response.status_code == 200
    assert "不允许包含空字符。" in response.content.decode()
    assert not Institution.objects.exists()


def test_a_code_another_institution_has_is_refused_in_words_that_say_so(chinese_admin):
    other = InstitutionFactory(school_code="3133001234")
    response = chinese_admin.post(
        reverse("admin:institutions_institution_add"),
        {
            "name": "义乌市第六中学",
            "kind": "school",
            "category": "senior",
            "ownership": "public",
            "region": other.region.pk,
            "school_code": "3133001234",
            "ratings-TOTAL_FORMS": 0,
            "ratings-INITIAL_FORMS": 0,
            "plans-TOTAL_FORMS": 0,
            "plans-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "已有其他机构使用此学校标识码。" in response.content.decode()
    assert Institution.objects.count() == 1


def test_words_djangos_chinese_lacks_are_in_chinese(chinese_admin):
    index = chinese_admin.get(reverse("admin:index")).content.decode()
    assert ">数据类别<" in index and ">添加链接<" in index and "Model name" not in index
    add_user = chinese_admin.get(reverse("admin:auth_user_add")).content.decode()
    assert "创建用户后，才能编辑更多用户选项。" in add_user


def test_a_roles_permissions_are_named_in_chinese(chinese_admin):
    from django.contrib.auth.models import Group

    from evalsite.roles import REVIEWER

    reviewers = Group.objects.get(name=REVIEWER)
    page = chinese_admin.get(reverse("admin:auth_group_change", args=[reviewers.pk]))
    html = page.content.decode()
    # Django's own permissions, and those the models declare.
    assert "评价结果 | 评价结果 | 可添加评价结果" in html
    assert "可发布和撤回评价结果" in html
    assert "可查看登录尝试" in html
    assert "Can add" not in html and "Can publish" not in html


def test_a_users_permissions_are_named_in_chinese(chinese_admin, superuser):
    page = chinese_admin.get(reverse("admin:auth_user_change", args=[superuser.pk]))
    html = page.content.decode()
    assert "可修改计划" in html
    assert "可从 CSV 导入评价结果" in html
    assert "Can change" not in html and "Can import" not in html
    assert "historical" not in html  # the history tables' own permissions are left out


def test_permissions_keep_their_english_names_on_english_pages(client, superuser):
    client.force_login(superuser)
    html = client.get(
        reverse("admin:auth_user_change", args=[superuser.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Ratings | rating | Can add rating" in html
    assert "Ratings | rating | Can publish and unpublish ratings" in html


def test_a_too_short_new_password_is_refused_in_chinese(client, data_entry_user):
    data_entry_user.set_password("an old secret")
    data_entry_user.save()
    client.force_login(data_entry_user)
    response = client.post(
        reverse("admin:password_change"),
        {"old_password": "an old secret", "new_password1": "短", "new_password2": "短"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    html = response.content.decode()
    assert "密码太短，至少要包含 8 个字符。" in html
    assert "This password is too short" not in html
    assert "<title>错误：" in html


def test_a_login_attempt_is_named_by_who_and_when_in_the_sites_time(chinese_admin, settings):
    import datetime

    from django.utils import timezone

    attempt = locked_out("luruyuan", settings)
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=datetime.datetime(2026, 12, 2, 1, 55, tzinfo=datetime.UTC)
    )
    page = chinese_admin.get(reverse("admin:axes_accessattempt_change", args=[attempt.pk]))
    html = page.content.decode()
    assert "luruyuan，2026年12月2日 09:55" in html  # 01:55 UTC is 09:55 in Shanghai
    assert "Attempted Access" not in html and "+00:00" not in html
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"
