"""The stored profile documents (what the API serves) equal the document assembled from the
lookup tables — after a full unify, and after real-time micro-batches that merge, create and
change profiles."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import orjson
import pytest
from tests.conftest import resolved_demo
from tests.realtime.streams import person_stream, store

from tessera.api.profiles import _default
from tessera.pipeline.realtime import InboxProcessor
from tessera.pipeline.unify.documents import DOCUMENTS, catch_up_documents
from tessera.pipeline.unify.view import profile_view, stored_profile_document
from tessera.workspace import Workspace


@pytest.fixture(scope="module")
def unified(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docs") / "demo"
    resolved_demo(folder, 250, 5, unify=True)
    return folder


def _assembled(ws: Workspace, ref: str) -> dict[str, Any]:
    view = profile_view(ws.engine, ws.config, ref, mode="summary")
    return dict(json.loads(orjson.dumps(view, default=_default, option=orjson.OPT_NON_STR_KEYS)))


def _all_equal(ws: Workspace) -> int:
    ids = [r[0] for r in ws.engine.fetchall("SELECT profile_id FROM profiles ORDER BY 1")]
    stored = dict(ws.engine.fetchall(f"SELECT profile_id, document FROM {DOCUMENTS}"))
    assert set(stored) == set(ids), "one document per profile, none for retired ids"
    for pid in ids:
        assert json.loads(stored[pid]) | {"redirected_from": None} == _assembled(ws, pid), pid
    return len(ids)


def test_documents_equal_the_assembled_profile_after_a_full_unify(unified: Path) -> None:
    with Workspace.open(unified) as ws:
        assert _all_equal(ws) > 100
        households = ws.engine.fetchall(
            f"SELECT count(*) FROM {DOCUMENTS} "
            "WHERE json_array_length(document -> '$.household.members') > 0"
        )[0][0]
        assert households > 0, "the sample shows household members"
        email = ws.engine.fetchall(
            "SELECT value FROM profile_identifiers WHERE namespace = 'email' "
            "AND status = 'valid' ORDER BY value LIMIT 1"
        )[0][0]
        served = stored_profile_document(ws.engine, ws.config, f"email:{email}")
        assert served is not None
        assert json.loads(served) == _assembled(ws, f"email:{email}")


def test_documents_follow_real_time_batches(unified: Path, tmp_path: Path) -> None:
    with Workspace.open(unified) as ws:
        # someone living with others: renaming them changes their fellows' documents too
        someone = ws.engine.fetchall(
            "SELECT i.value FROM profile_identifiers i JOIN households h USING (profile_id) "
            "WHERE i.namespace = 'email' AND i.status = 'valid' ORDER BY i.value LIMIT 1"
        )[0][0]
        messages = person_stream(random.Random(3), people=6)
        messages += [
            {
                "type": "identify",
                "userId": "doc-u-1",
                "traits": {"email": someone, "firstName": "Renamed", "lastName": "Person"},
            },
            {
                "type": "track",
                "userId": "doc-u-1",
                "event": "Order Completed",
                "properties": {"order_id": "doc-o-1", "total": 12.5},
            },
        ]
        store(ws.engine, messages)
        processor = InboxProcessor(ws.engine, ws.config)
        while processor.process_batch() is not None:
            pass
        # documents of changed profiles are rewritten in the batch; their household fellows'
        # (who show their names) wait for the first idle moment
        missing = ws.engine.fetchall(
            f"SELECT profile_id FROM profiles ANTI JOIN {DOCUMENTS} USING (profile_id)"
        )
        fellows = ws.engine.fetchall("SELECT profile_id FROM households")
        assert missing, "the renamed person's household fellows wait for the catch-up"
        assert {m[0] for m in missing} <= {f[0] for f in fellows}
        assert catch_up_documents(ws.engine) == len(missing)
        assert catch_up_documents(ws.engine) == 0, "nothing left to write"
        _all_equal(ws)
        served = json.loads(stored_profile_document(ws.engine, ws.config, "user_id:doc-u-1") or "")
        assert served["traits"]["order_count"] >= 1
        assert any(i["value"] == "doc-u-1" for i in served["identifiers"])
