"""Who may do what in the admin: data entry writes drafts, reviewers publish and delete."""

import pytest
from django.urls import reverse

from institutions.models import Authority, Region
from plans.models import Commitment, Plan, Target
from ratings.models import AwardEvent, Rating, Scheme
from tests.factories import (
    AuthorityFactory,
    CommitmentFactory,
    InstitutionFactory,
    PlanFactory,
    RatingFactory,
    SchemeFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    # Ask for English so assertions can quote messages as the code writes them.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def data_entry(client, data_entry_user):
    return login(client, data_entry_user)


@pytest.fixture
def reviewer(client, reviewer_user):
    return login(client, reviewer_user)


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def unsaved_rating():
    """A rating to type into the add form: its institution and scheme exist, it does not."""
    return RatingFactory.build(institution=InstitutionFactory(), scheme=SchemeFactory())


def rating_form(rating, **changes):
    """What the rating change form posts, with `changes` applied."""
    data = {
        "institution": rating.institution_id,
        "scheme": rating.scheme_id,
        "year": rating.year,
        "stars": rating.stars,
        "group": rating.group,
        "award_event": "",
        "source": "",
        "note": rating.note,
        "_save": "Save",
    }
    data.update(changes)
    return data


def plan_form(plan, **changes):
    """What the plan change form posts (no commitments or targets), with `changes` applied."""
    data = {
        "institution": plan.institution_id or "",
        "authority": plan.authority_id or "",
        "year": plan.year,
        "kind": plan.kind,
        "headline": plan.headline,
        "summary": plan.summary,
        "source": "",
        "_save": "Save",
    }
    for prefix in ("commitments", "targets"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": 0,
                f"{prefix}-INITIAL_FORMS": 0,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    data.update(changes)
    return data


def publish_action(client, obj):
    return client.post(
        url(type(obj), "changelist"), {"action": "publish_selected", "_selected_action": [obj.pk]}
    )


# Ratings: data entry


def test_a_data_entry_user_can_add_a_draft_rating(data_entry):
    template = unsaved_rating()

    response = data_entry.post(url(Rating, "add"), rating_form(template))

    assert response.status_code == 302
    rating = Rating.objects.get()
    assert (rating.institution, rating.year, rating.stars) == (template.institution, 2024, 5)
    assert not rating.is_published


def test_a_rating_added_by_data_entry_stays_a_draft_even_if_the_form_says_published(data_entry):
    template = unsaved_rating()

    data_entry.post(url(Rating, "add"), rating_form(template, is_published="on"))

    rating = Rating.objects.get()
    assert not rating.is_published
    assert rating.published_at is None


def test_a_data_entry_user_is_not_offered_the_publish_action(data_entry):
    RatingFactory()

    page = data_entry.get(url(Rating, "changelist")).content.decode()

    assert 'value="publish_selected"' not in page
    assert 'value="delete_selected"' not in page


def test_a_data_entry_user_sees_no_publish_checkbox_on_a_rating(data_entry):
    rating = RatingFactory()

    page = data_entry.get(url(Rating, "change", rating.pk)).content.decode()

    assert 'name="is_published"' not in page


def test_a_reviewer_sees_the_publish_checkbox_on_a_rating(reviewer):
    rating = RatingFactory()

    page = reviewer.get(url(Rating, "change", rating.pk)).content.decode()

    assert 'name="is_published"' in page


def test_a_data_entry_user_cannot_publish_a_rating_with_the_action(data_entry):
    rating = RatingFactory()

    publish_action(data_entry, rating)

    rating.refresh_from_db()
    assert not rating.is_published


def test_a_data_entry_user_cannot_publish_a_rating_through_its_form(data_entry):
    rating = RatingFactory(stars=4)

    response = data_entry.post(
        url(Rating, "change", rating.pk), rating_form(rating, stars=5, is_published="on")
    )

    assert response.status_code == 302
    rating.refresh_from_db()
    assert rating.stars == 5  # the correction is kept
    assert not rating.is_published
    assert rating.published_by is None


def test_a_data_entry_user_cannot_delete_a_rating(data_entry):
    rating = RatingFactory()

    assert data_entry.get(url(Rating, "delete", rating.pk)).status_code == 403
    assert data_entry.post(url(Rating, "delete", rating.pk), {"post": "yes"}).status_code == 403
    assert Rating.objects.filter(pk=rating.pk).exists()


# Ratings: reviewers


def test_a_reviewer_is_offered_the_publish_action(reviewer):
    RatingFactory()

    page = reviewer.get(url(Rating, "changelist")).content.decode()

    assert 'value="publish_selected"' in page


def test_a_reviewer_can_publish_a_rating_with_the_action(reviewer, reviewer_user):
    rating = RatingFactory()

    response = publish_action(reviewer, rating)

    assert response.status_code == 302
    rating.refresh_from_db()
    assert rating.is_published
    assert rating.published_by == reviewer_user
    assert rating.published_at is not None
    assert "Published 1 item." in reviewer.get(response["Location"]).content.decode()


def test_a_reviewer_can_publish_a_rating_through_its_form(reviewer, reviewer_user):
    rating = RatingFactory()

    response = reviewer.post(
        url(Rating, "change", rating.pk), rating_form(rating, is_published="on")
    )

    assert response.status_code == 302
    rating.refresh_from_db()
    assert rating.is_published
    assert rating.published_by == reviewer_user
    assert rating.published_at is not None


def test_a_reviewer_can_unpublish_a_rating_through_its_form(reviewer):
    rating = RatingFactory(published=True)

    response = reviewer.post(url(Rating, "change", rating.pk), rating_form(rating))

    assert response.status_code == 302
    rating.refresh_from_db()
    assert not rating.is_published
    assert rating.published_at is None


def test_a_reviewer_can_delete_a_rating(reviewer):
    rating = RatingFactory()

    response = reviewer.post(url(Rating, "delete", rating.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Rating.objects.filter(pk=rating.pk).exists()


def test_the_history_of_a_rating_names_who_entered_and_who_published_it(
    client, data_entry_user, reviewer_user, superuser
):
    template = unsaved_rating()
    login(client, data_entry_user).post(url(Rating, "add"), rating_form(template))
    rating = Rating.objects.get()
    publish_action(login(client, reviewer_user), rating)

    page = login(client, superuser).get(url(Rating, "history", rating.pk)).content.decode()

    assert data_entry_user.username in page
    assert reviewer_user.username in page


# Ratings: mistakes come back as messages on the form


def test_six_stars_come_back_as_a_form_error(data_entry):
    template = unsaved_rating()

    response = data_entry.post(url(Rating, "add"), rating_form(template, stars=6))

    assert response.status_code == 200
    assert "Stars must be between 1 and 5." in response.content.decode()
    assert not Rating.objects.exists()


def test_a_second_rating_for_the_same_year_comes_back_as_a_form_error(data_entry):
    rating = RatingFactory()

    response = data_entry.post(url(Rating, "add"), rating_form(rating, stars=4))

    assert response.status_code == 200
    assert (
        "This institution already has a rating in this scheme for this year."
        in response.content.decode()
    )
    assert Rating.objects.count() == 1


# Reference data


@pytest.mark.parametrize(
    "model", [Region, Authority, Scheme, AwardEvent], ids=lambda model: model._meta.model_name
)
def test_a_data_entry_user_may_look_at_reference_data_but_not_add_to_it(data_entry, model):
    assert data_entry.get(url(model, "changelist")).status_code == 200
    assert data_entry.get(url(model, "add")).status_code == 403


# Plans follow the same rules


def test_a_data_entry_user_can_add_a_plan_only_as_a_draft(data_entry):
    template = PlanFactory.build(institution=InstitutionFactory(), headline="促创新 强特色")

    response = data_entry.post(url(Plan, "add"), plan_form(template, is_published="on"))

    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.headline == "促创新 强特色"
    assert not plan.is_published


def test_a_data_entry_user_cannot_publish_a_plan(data_entry):
    plan = PlanFactory()

    assert (
        'value="publish_selected"' not in data_entry.get(url(Plan, "changelist")).content.decode()
    )
    publish_action(data_entry, plan)
    response = data_entry.post(url(Plan, "change", plan.pk), plan_form(plan, is_published="on"))

    assert response.status_code == 302  # saved, but not published
    plan.refresh_from_db()
    assert not plan.is_published


def test_a_data_entry_user_cannot_delete_a_plan(data_entry):
    plan = PlanFactory()

    assert data_entry.post(url(Plan, "delete", plan.pk), {"post": "yes"}).status_code == 403
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_a_reviewer_can_publish_a_plan_with_the_action(reviewer, reviewer_user):
    plan = PlanFactory()

    publish_action(reviewer, plan)

    plan.refresh_from_db()
    assert plan.is_published
    assert plan.published_by == reviewer_user


def test_a_reviewer_can_publish_a_plan_through_its_form(reviewer, reviewer_user):
    plan = PlanFactory(authority_owned=True)

    response = reviewer.post(url(Plan, "change", plan.pk), plan_form(plan, is_published="on"))

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_published
    assert plan.published_by == reviewer_user
    assert plan.published_at is not None


def test_a_reviewer_can_delete_a_plan_with_its_commitments_and_targets(reviewer):
    plan = PlanFactory()
    TargetFactory(plan=plan, commitment=CommitmentFactory(plan=plan))

    response = reviewer.post(url(Plan, "delete", plan.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Plan.objects.exists()
    assert not Commitment.objects.exists()
    assert not Target.objects.exists()


def test_a_plan_of_both_an_institution_and_an_authority_comes_back_as_a_form_error(data_entry):
    template = PlanFactory.build(institution=InstitutionFactory(), authority=AuthorityFactory())

    response = data_entry.post(url(Plan, "add"), plan_form(template))

    assert response.status_code == 200
    assert (
        "A plan belongs to exactly one of an institution or an authority."
        in response.content.decode()
    )
    assert not Plan.objects.exists()


def test_a_plan_form_with_two_owners_says_so_once(data_entry):
    template = PlanFactory.build(institution=InstitutionFactory(), authority=AuthorityFactory())

    page = data_entry.post(url(Plan, "add"), plan_form(template)).content.decode()

    assert page.count("A plan belongs to exactly one of an institution or an authority.") == 1


def test_a_data_entry_user_cannot_change_a_published_rating(data_entry):
    rating = RatingFactory(published=True, stars=5)

    page = data_entry.get(url(Rating, "change", rating.pk))
    response = data_entry.post(url(Rating, "change", rating.pk), rating_form(rating, stars=3))

    assert page.status_code == 200  # may still look at it
    assert 'name="stars"' not in page.content.decode()
    assert response.status_code == 403
    rating.refresh_from_db()
    assert rating.stars == 5


def test_a_reviewer_can_change_a_published_rating(reviewer):
    rating = RatingFactory(published=True, stars=5)

    reviewer.post(url(Rating, "change", rating.pk), rating_form(rating, stars=4))

    rating.refresh_from_db()
    assert rating.stars == 4


# What the public site shows through a published plan: its commitments and
# targets, and the indicators and sources they cite.


def commitment_form(commitment, **changes):
    data = {
        "plan": commitment.plan_id,
        "position": commitment.position,
        "title": commitment.title,
        "theme": "",
        "text": "",
        "status": commitment.status,
        "progress": commitment.progress,
        "progress_date": "",
        "progress_note": "",
        "_save": "Save",
    }
    data.update(changes)
    return data


def test_a_data_entry_user_cannot_change_or_delete_an_item_of_a_published_plan(data_entry):
    commitment = CommitmentFactory(plan=PlanFactory(published=True), title="原标题")
    target = TargetFactory(plan=commitment.plan)

    page = data_entry.get(url(Commitment, "change", commitment.pk))
    response = data_entry.post(
        url(Commitment, "change", commitment.pk), commitment_form(commitment, title="未经审核")
    )

    assert page.status_code == 200  # may still look at it
    assert 'name="title"' not in page.content.decode()
    assert response.status_code == 403
    commitment.refresh_from_db()
    assert commitment.title == "原标题"
    assert data_entry.post(url(Target, "change", target.pk), {"actual": "1"}).status_code == 403
    assert (
        data_entry.post(url(Commitment, "delete", commitment.pk), {"post": "yes"}).status_code
        == 403
    )


def test_a_data_entry_user_cannot_add_an_item_to_a_published_plan(data_entry):
    plan = PlanFactory(published=True)
    unsaved = CommitmentFactory.build(plan=plan, title="未经审核")

    page = data_entry.post(url(Commitment, "add"), commitment_form(unsaved)).content.decode()

    assert "This plan is published: only a reviewer may add to or change its items." in page
    assert not plan.commitments.exists()


def test_a_data_entry_user_may_change_the_items_of_a_draft_plan(data_entry):
    commitment = CommitmentFactory(plan=PlanFactory(), title="原标题")

    response = data_entry.post(
        url(Commitment, "change", commitment.pk), commitment_form(commitment, title="新标题")
    )

    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.title == "新标题"


def test_a_reviewer_may_change_an_item_of_a_published_plan(reviewer):
    commitment = CommitmentFactory(plan=PlanFactory(published=True), title="原标题")

    reviewer.post(url(Commitment, "change", commitment.pk), commitment_form(commitment, title="改"))

    commitment.refresh_from_db()
    assert commitment.title == "改"


def test_an_indicator_or_source_shown_by_a_published_plan_is_for_reviewers_to_change(
    data_entry, reviewer_user, client
):
    from institutions.models import Source
    from plans.models import Indicator
    from tests.factories import SourceFactory

    shown = TargetFactory(plan=PlanFactory(published=True, source=SourceFactory()))
    draft = TargetFactory(plan=PlanFactory(source=SourceFactory()))
    for model, public, private in [
        (Indicator, shown.indicator, draft.indicator),
        (Source, shown.plan.source, draft.plan.source),
    ]:
        assert 'name="name"' not in data_entry.get(url(model, "change", public.pk)).content.decode()
        assert data_entry.post(url(model, "change", public.pk), {}).status_code == 403
        assert data_entry.post(url(model, "change", private.pk), {}).status_code == 200  # the form

    login(client, reviewer_user)
    assert client.post(url(Indicator, "change", shown.indicator.pk), {}).status_code == 200


def test_a_reviewer_may_read_the_import_log_and_a_data_entry_user_may_not(
    data_entry_user, reviewer_user, client
):
    log = reverse("admin:ratings_ratingimportfile_changelist")
    login(client, reviewer_user)
    assert client.get(log).status_code == 200
    assert log in client.get(reverse("admin:index")).content.decode()
    login(client, data_entry_user)
    assert client.get(log).status_code == 403
