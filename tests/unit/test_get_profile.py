import dataclasses

import pytest

from cvimprover.core.errors import NotFound
from cvimprover.core.users.commands import ProfileQuery


def test_the_profile_shows_the_user_and_their_plan_without_secrets(accounts):
    user_id = accounts.sign_up().user.id

    view = accounts.get_profile.execute(ProfileQuery(user_id))

    assert (view.id, view.username, view.email) == (user_id, "alice", "alice@example.com")
    assert view.plan is not None
    assert (view.plan.name, view.plan.description) == ("Free", "Try it out")
    fields = {field.name for field in dataclasses.fields(view)}
    assert not fields & {"password_hash", "session_version", "is_active"}


def test_an_unknown_users_profile_is_not_found(accounts):
    with pytest.raises(NotFound):
        accounts.get_profile.execute(ProfileQuery(999))
