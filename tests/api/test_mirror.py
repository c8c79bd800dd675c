"""The profile mirror (ADR 0009): the SQLite copy the profile API's fast path reads answers
every identifier and profile id exactly as the database does — after a stream processed in
bursts (merges, aliases, a shared mailbox), after a build that overlapped batches, and
through a real server; an identifier two profiles carry with the same candidates."""

from __future__ import annotations

import json
import random
import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tessera.api.mirror import ProfileMirror
from tessera.api.processing import InboxProcessing
from tessera.errors import AmbiguousReference
from tessera.pipeline.realtime import InboxProcessor
from tessera.pipeline.unify.documents import DOCUMENTS, catch_up_documents, write_documents
from tessera.pipeline.unify.view import stored_profile_document
from tessera.workspace import Workspace
from tests.api.conftest import StartServer
from tests.api.test_profiles import _prepare
from tests.api.test_staging import store_in_bursts
from tests.conftest import resolved_demo
from tests.realtime.streams import person_stream, store
from tests.unify.test_ambiguous_refs import SHARED
from tests.unify.test_ambiguous_refs import prepare as prepare_couple


def _refs(ws: Workspace) -> list[str]:
    """Every profile id ever made (merged-away ones included), every identifier as its
    namespace:value, and a few that match nothing."""
    refs = [r[0] for r in ws.engine.fetchall("SELECT profile_id FROM profiles")]
    refs += [r[0] for r in ws.engine.fetchall("SELECT old_id FROM profile_redirects")]
    refs += [
        f"{ns}:{value}"
        for ns, value in ws.engine.fetchall(
            "SELECT DISTINCT namespace, value FROM profile_identifiers WHERE value IS NOT NULL"
        )
    ]
    return [*refs, "email:nobody@mail.pt", "user_id:nobody", "p_unknown", "api:m-1"]


def _answer(read: Any, ref: str) -> Any:
    """A stored-document read's answer: the document, the ambiguity (message, every carrier,
    the candidates' summaries) for an identifier several profiles carry, or None."""
    try:
        text = read(ref)
    except AmbiguousReference as exc:
        return ("ambiguous", str(exc), exc.profile_ids, exc.candidates)
    return None if text is None else json.loads(text)


def _assert_same(ws: Workspace, mirror: ProfileMirror, ambiguous: list[str] | None = None) -> int:
    """The mirror's answer for every ref is the database's (or None: the database answers);
    returns how many refs the mirror answered itself (``ambiguous`` gets those it answered
    with the candidates)."""
    answered = 0
    for ref in _refs(ws):
        db = _answer(lambda r: stored_profile_document(ws.engine, ws.config, r), ref)
        copy = _answer(mirror.stored_profile_document, ref)
        if copy is not None:
            answered += 1
            assert db is not None and copy == db, ref
            if isinstance(copy, tuple) and ambiguous is not None:
                ambiguous.append(ref)
        elif db is not None:  # a stored document the copy lacks
            pytest.fail(f"the mirror has no document for {ref}")
    return answered


def _wait_ready(mirror: ProfileMirror) -> None:
    assert mirror.wait(60), "the mirror was not built"


def test_the_mirror_follows_a_stream_processed_in_bursts(tmp_path: Path) -> None:
    rng = random.Random(5)
    messages = person_stream(rng, people=15)
    Workspace.init(tmp_path / "ws")
    with Workspace.open(tmp_path / "ws") as ws:
        mirror = ProfileMirror(ws.engine.session(), ws.config, tmp_path / "serving")
        running = InboxProcessing(
            ws.engine.session(), ws.config, ws.engine.session(), mirror=mirror
        )
        running.start()
        mirror.start()
        try:
            _wait_ready(mirror)
            store_in_bursts(ws, running, messages, 6, rng)
        finally:
            running.stop()
        _wait_ready(mirror)  # the first batch made the documents table: a rebuild
        merged = ws.engine.fetchall("SELECT count(*) FROM profile_redirects")[0][0]
        assert merged > 0, "the stream merged no profile"
        current = ws.engine.fetchall("SELECT count(*) FROM profile_documents")[0][0]
        ambiguous: list[str] = []
        assert _assert_same(ws, mirror, ambiguous) >= 2 * current  # by id and by identifiers
        assert ambiguous, "the couple's shared mailbox: two profiles, the same candidates"
        mirror.close()


def test_batches_during_the_build_are_copied_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build reads one snapshot; profiles a batch changes meanwhile are noted, not
    copied (the snapshot may predate them), and copied when the build ends."""
    messages = person_stream(random.Random(8), people=10)
    Workspace.init(tmp_path / "ws")
    with Workspace.open(tmp_path / "ws") as ws:
        store(ws.engine, messages[:20])
        ws.process_events()
        mirror = ProfileMirror(ws.engine.session(), ws.config, tmp_path / "serving")
        copying, go_on = threading.Event(), threading.Event()
        copy_all = mirror._copy_all

        def slow_copy(engine):  # type: ignore[no-untyped-def]
            copy_all(engine)
            copying.set()
            assert go_on.wait(30)

        monkeypatch.setattr(mirror, "_copy_all", slow_copy)
        running = InboxProcessing(ws.engine.session(), ws.config, mirror=mirror)
        mirror.start()
        assert copying.wait(30)
        store(ws.engine, messages[20:])
        result = running.next_batch()
        assert result is not None and result.profiles > 0
        assert mirror.flush(running._processor.engine) == 0  # deferred: the build runs
        assert not mirror.ready
        go_on.set()
        _wait_ready(mirror)
        assert _assert_same(ws, mirror) > 0
        mirror.close()


def test_the_server_answers_lookups_from_the_mirror(start_server: StartServer) -> None:
    def prepare(folder: Path) -> None:
        _prepare(folder)
        (folder / ".serving").mkdir()  # as a killed server leaves it
        (folder / ".serving" / "profiles.sqlite").write_text("stale")

    server = start_server(prepare)
    reader = server.client(auth=(server.read_key, ""))
    deadline = time.monotonic() + 60
    while True:
        r = reader.get("/v1/profiles/lookup", params={"identifier": "email:ANA@x.pt"})
        assert r.status_code == 200, r.text
        if r.headers["server-timing"].startswith("mirror;"):
            break
        assert time.monotonic() < deadline, "the mirror did not take over"
        time.sleep(0.1)
    by_id = reader.get(f"/v1/profiles/{r.json()['profile_id']}")
    assert by_id.headers["server-timing"].startswith("mirror;")
    assert by_id.json() == r.json()
    # not an id: the database's general path answers, as without the mirror
    assert reader.get("/v1/profiles/email:ana@x.pt").status_code == 404
    assert (
        reader.get("/v1/profiles/lookup", params={"identifier": "email:no@x.pt"}).status_code == 404
    )
    served = r.json()
    server.stop()
    with Workspace.open(server.folder) as ws:
        stored = stored_profile_document(ws.engine, ws.config, "email:ana@x.pt")
    assert stored is not None and json.loads(stored) == served
    built = re.search(
        r"profile mirror: 2 documents, \d+ identifiers in [\d.]+ s \((.+)\)", server.log.read_text()
    )
    assert built is not None, server.log.read_text()
    assert Path(built.group(1)) == server.folder / ".serving"
    assert not Path(built.group(1)).exists()  # the copy is deleted when the server stops


def test_household_fellows_leave_the_mirror_until_their_catch_up(tmp_path: Path) -> None:
    """A batch that renames someone removes their household fellows' documents (they show the
    name; rewritten at the next idle moment): the mirror forgets them too — their reads go to
    the database, which assembles them — and copies them again after the catch-up."""
    resolved_demo(tmp_path / "demo", 250, 5, unify=True)
    with Workspace.open(tmp_path / "demo") as ws:
        someone, household = ws.engine.fetchall(
            "SELECT i.value, h.household_id FROM profile_identifiers i "
            "JOIN households h USING (profile_id) "
            "WHERE i.namespace = 'email' AND i.status = 'valid' ORDER BY i.value LIMIT 1"
        )[0]
        mirror = ProfileMirror(ws.engine.session(), ws.config, tmp_path / "serving")
        processor = InboxProcessor(ws.engine, ws.config)
        mirror.follow(processor.engine)
        mirror.build()
        assert mirror.ready
        rename = {"firstName": "Renamed", "lastName": "Person", "email": someone}
        store(ws.engine, [{"type": "identify", "userId": "fellow-u-1", "traits": rename}])
        assert processor.process_batch() is not None
        assert mirror.flush(processor.engine) > 0
        fellows = [
            r[0]
            for r in ws.engine.fetchall(
                f"SELECT profile_id FROM households WHERE household_id = ? "
                f"AND profile_id NOT IN (SELECT profile_id FROM {DOCUMENTS})",
                [household],
            )
        ]
        assert fellows, "the renamed person has household fellows waiting for the catch-up"
        for pid in fellows:
            assert mirror.stored_profile_document(pid) is None
        _assert_same(ws, mirror)
        assert catch_up_documents(processor.engine) >= len(fellows)
        assert mirror.flush(processor.engine) >= len(fellows)
        for pid in fellows:
            assert mirror.stored_profile_document(pid) is not None
        _assert_same(ws, mirror)
        mirror.close()


def test_a_full_rewrite_during_the_build_rebuilds_before_reads_return(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every document rewritten while the copy is being built: a second build follows, and
    the copy answers no read until that one has ended."""
    Workspace.init(tmp_path / "ws")
    with Workspace.open(tmp_path / "ws") as ws:
        store(ws.engine, person_stream(random.Random(8), people=6))
        ws.process_events()
        mirror = ProfileMirror(ws.engine.session(), ws.config, tmp_path / "serving")
        processor = InboxProcessor(ws.engine, ws.config)
        mirror.follow(processor.engine)
        builds = [threading.Event(), threading.Event()]  # each build waits for its own
        copying = [threading.Event(), threading.Event()]
        copy_all = mirror._copy_all

        def held_copy(engine):  # type: ignore[no-untyped-def]
            k = sum(c.is_set() for c in copying)
            copy_all(engine)
            copying[k].set()
            assert builds[k].wait(30)

        monkeypatch.setattr(mirror, "_copy_all", held_copy)
        mirror.start()
        assert copying[0].wait(30)
        write_documents(processor.engine)  # a full unify's rewrite, noted as "everything"
        builds[0].set()
        assert copying[1].wait(30), "no second build"
        assert not mirror.ready, "the copy answers while it is being rebuilt"
        builds[1].set()
        deadline = time.monotonic() + 30
        while not mirror.ready:
            assert time.monotonic() < deadline, "the second build did not end"
            time.sleep(0.02)
        assert _assert_same(ws, mirror) > 0
        mirror.close()


def test_an_identifier_two_profiles_carry_has_the_same_candidates(tmp_path: Path) -> None:
    """The couple's shared e-mail: the mirror lists the same two profiles, summaries and
    message as the database — built, and after a batch that changes one of them."""
    Workspace.init(tmp_path / "ws")
    prepare_couple(tmp_path / "ws")
    with Workspace.open(tmp_path / "ws") as ws:
        mirror = ProfileMirror(ws.engine.session(), ws.config, tmp_path / "serving")
        processor = InboxProcessor(ws.engine, ws.config)
        mirror.follow(processor.engine)
        mirror.build()
        ambiguous: list[str] = []
        _assert_same(ws, mirror, ambiguous)
        assert SHARED in ambiguous
        answer = _answer(mirror.stored_profile_document, "email: CASA@x.pt")
        assert answer[0] == "ambiguous" and len(answer[2]) == 2
        assert [c["name"] for c in answer[3]] == ["Ana Silva", "Bruno Costa"]
        # Bruno logs in with the shared mailbox: his profile gains a record carrying it
        traits = {"firstName": "Bruno", "lastName": "Costa", "email": "casa@x.pt"}
        store(ws.engine, [{"type": "identify", "userId": "bruno-1", "traits": traits}])
        assert processor.process_batch() is not None
        assert mirror.flush(processor.engine) > 0
        ambiguous.clear()
        _assert_same(ws, mirror, ambiguous)
        assert SHARED in ambiguous
        answer = _answer(mirror.stored_profile_document, SHARED)
        assert [(c["name"], c["records"]) for c in answer[3]] == [
            ("Ana Silva", 2),
            ("Bruno Costa", 2),
        ]
        mirror.close()
