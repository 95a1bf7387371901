"""Teams (issue 9): who is working comes from the serving layer's environment, never the browser."""

from __future__ import annotations

import getpass

import pytest

from mmwidgets.model.actor import (
    LOCAL_OWNER,
    Actor,
    actor_from_environment,
    origin_from_environment,
)
from mmwidgets.model.errors import InvalidInput


def test_on_a_laptop_the_local_user_is_a_coach_owning_the_old_clients():
    actor = actor_from_environment({"QUERY_STRING": "lang=en"})
    assert actor == Actor(getpass.getuser(), "lokaal", "coach", local=True)
    assert actor.owners == (getpass.getuser(), LOCAL_OWNER)


def test_under_jupyterhub_the_hub_user_with_team_and_role_from_the_spawner():
    env = {"JUPYTERHUB_USER": "anne", "MM_TEAM": "noord", "MM_ROLE": "team_lead"}
    actor = actor_from_environment(env)
    assert (actor.user, actor.team, actor.role, actor.local) == ("anne", "noord", "team_lead", False)
    assert actor.owners == ()  # a team lead has no caseload of their own
    coach = actor_from_environment({"JUPYTERHUB_USER": "bob"})
    assert (coach.role, coach.team, coach.owners) == ("coach", "bob", ("bob",))


def test_nothing_from_the_browser_sets_the_actor():
    browser = {
        "QUERY_STRING": "user=bob&role=log_keeper&JUPYTERHUB_USER=bob",
        "HTTP_X_FORWARDED_USER": "bob",
        "HTTP_COOKIE": "user=bob",
        "JUPYTERHUB_USER": "anne",
    }
    actor = actor_from_environment(browser)
    assert (actor.user, actor.role) == ("anne", "coach")


def test_an_unknown_role_or_a_bad_name_is_a_clear_message():
    with pytest.raises(InvalidInput) as caught:
        actor_from_environment({"JUPYTERHUB_USER": "anne", "MM_ROLE": "admin"})
    assert "admin" in caught.value.message("nl") and "coach" in caught.value.message("nl")
    with pytest.raises(InvalidInput) as caught:
        Actor("an\x00ne", "noord")
    assert "tekens" in caught.value.message("nl")
    with pytest.raises(InvalidInput):
        Actor("x" * 101, "noord")


def test_the_origin_comes_from_the_serving_layer():
    assert origin_from_environment({}) == "lokaal"
    assert origin_from_environment({"MM_ORIGIN": "10.0.0.7"}) == "10.0.0.7"
    assert origin_from_environment({"MM_ORIGIN": "<script>"}) == "onbekend"


def test_a_store_takes_its_actor_from_the_environment(monkeypatch, tmp_path):
    from mmwidgets.store.store import Store

    monkeypatch.setenv("JUPYTERHUB_USER", "anne")
    monkeypatch.setenv("MM_TEAM", "noord")
    store = Store("sqlite:///" + str(tmp_path / "t.db"))
    assert store.actor == Actor("anne", "noord")
    store.dispose()
