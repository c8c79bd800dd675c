"""Real-time probabilistic matching: a new person record with no identifier in common with
anyone is matched against existing profiles with the saved model (Splink predict_between)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tessera.pipeline.realtime import InboxProcessor
from tessera.workspace import Workspace
from tests.conftest import resolved_demo

from .streams import store


@pytest.fixture(scope="module")
def resolved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("live") / "demo"
    assert resolved_demo(folder, 300, 7, unify=True) == "trained"
    with Workspace.open(folder) as ws:
        leftovers = ws.engine.fetchall(
            "SELECT count(*) FROM duckdb_tables() WHERE starts_with(table_name, '__splink__')"
        )[0][0]
        assert leftovers == 0, "Splink's work tables are not left in the workspace file"
    return folder


def _a_person(ws: Workspace) -> dict[str, object]:
    """A CRM person with name, birth date and postcode, alone in a profile with others."""
    row = ws.engine.fetch_dicts(
        "SELECT r.record_id, r.given_name, r.family_name, strftime(r.birth_date, '%Y-%m-%d') "
        "AS birth, r.postcode, m.profile_id FROM records r JOIN profile_members m "
        "USING (source, record_id) WHERE r.source = 'crm' AND r.birth_date IS NOT NULL "
        "AND r.postcode IS NOT NULL AND r.given_name IS NOT NULL AND length(r.family_name) > 5 "
        "ORDER BY r.record_id LIMIT 1"
    )
    return row[0]


def test_a_new_identify_with_no_shared_identifier_joins_its_person(resolved: Path) -> None:
    with Workspace.open(resolved) as ws:
        person = _a_person(ws)
        family = str(person["family_name"])
        typo = family[:-2] + family[-1] + family[-2]  # two letters swapped
        store(
            ws.engine,
            [
                {
                    "type": "identify",  # no userId: the profile may have one already (limit 1)
                    "anonymousId": "web-new-visitor-1",
                    "traits": {
                        "email": "somebody.unrelated.77@fastmail.fm",
                        "firstName": person["given_name"],
                        "lastName": typo,
                        "birthday": person["birth"],
                        "address": {"postalCode": person["postcode"]},
                    },
                },
                {
                    "type": "identify",
                    "anonymousId": "web-new-visitor-2",
                    "traits": {
                        "firstName": "Zebedeu",
                        "lastName": "Quaresma-Vaz",
                        "birthday": "1931-02-03",
                        "email": "zq@fastmail.fm",
                    },
                },
            ],
        )
        batch = InboxProcessor(ws.engine, ws.config).process_batch()
        assert batch is not None
        joined = ws.profile("anonymous_id:web-new-visitor-1")
        assert joined["profile_id"] == person["profile_id"], "matched by the saved model"
        links = ws.engine.fetch_dicts(
            "SELECT match_weight, accepted, evidence FROM identity_links "
            "WHERE kind = 'probabilistic' AND 'api' IN (a_source, b_source)"
        )
        assert links and all(row["accepted"] for row in links)
        assert all(
            row["match_weight"] >= ws.config.resolution.match_weight_threshold for row in links
        )
        alone = ws.profile("anonymous_id:web-new-visitor-2")
        assert alone["profile_id"] != person["profile_id"]
        members = ws.engine.fetchall(
            "SELECT count(*) FROM profile_members WHERE profile_id = ?", [alone["profile_id"]]
        )[0][0]
        assert members == 1, "a stranger gets a profile of their own"


def test_the_in_memory_candidate_index_follows_incremental_runs(resolved: Path) -> None:
    """``tessera serve`` matches against a mirror of match_input: a new identify is found
    through it, and after the batch the mirror holds exactly match_input's rows."""
    from tessera.pipeline.resolve import live_match, matching

    with Workspace.open(resolved) as ws:
        assert live_match.use_candidate_index(ws.engine) is not None
        person = _a_person(ws)
        family = str(person["family_name"])
        store(
            ws.engine,
            [
                {
                    "type": "identify",
                    "anonymousId": "web-mirror-visitor",
                    "traits": {
                        "email": "mirror.test.unrelated@fastmail.fm",
                        "firstName": person["given_name"],
                        "lastName": family[:-1] + ("x" if family[-1] != "x" else "y"),
                        "birthday": person["birth"],
                        "address": {"postalCode": person["postcode"]},
                    },
                }
            ],
        )
        assert InboxProcessor(ws.engine, ws.config).process_batch() is not None
        joined = ws.profile("anonymous_id:web-mirror-visitor")
        assert joined["profile_id"] == person["profile_id"], "matched through the mirror"
        model = matching.load_model(ws.engine)
        assert model is not None
        index = live_match.scorer(ws.engine, model).index
        assert index is not None and index.ready
        cols = live_match.input_columns(ws.engine)
        mirrored = set(index.scratch.fetchall(f"SELECT {', '.join(cols)} FROM {index.TABLE}"))
        stored = set(ws.engine.fetchall(f"SELECT {', '.join(cols)} FROM match_input"))
        assert mirrored == stored
        live_match.forget(ws.engine)
