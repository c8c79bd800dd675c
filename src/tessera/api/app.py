"""The application factory and the state the routes share.

Threads and engine sessions (an engine is used by one thread at a time):

- the event loop parses and validates collection requests and awaits the writer;
- one writer thread (its own session) commits groups of requests (``writer.py``);
- one processing thread (its own session) turns inbox messages into profile updates, and a
  staging thread (its own session) standardizes the next batch meanwhile (``processing.py``);
- profile reads run in the thread pool, one session per thread (``threading.local``), except
  the fast path (a stored document by identifier or profile id), which the event loop answers
  from the profile mirror once it is built (``mirror.py``, ADR 0009).
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request

from tessera import __version__
from tessera.api.auth import Keyring
from tessera.api.errors import install_error_handlers
from tessera.api.mirror import ProfileMirror
from tessera.api.processing import InboxProcessing
from tessera.api.threads import DEFAULT_NICE
from tessera.api.writer import GroupCommitWriter
from tessera.config import WorkspaceConfig
from tessera.engines.base import Engine
from tessera.workspace import Workspace

DESCRIPTION = """\
Segment-compatible event collection (write keys) and the profile read API (read keys).
A 200 on a collection endpoint means the messages are durably stored. See docs/api.md.
"""


#: The profile mirror's folder in the workspace, while a server runs (ADR 0009).
SERVING = ".serving"


class ApiState:
    """The opened workspace and everything that runs beside the routes."""

    def __init__(
        self, workspace: Workspace, *, mirror: bool = True, nice: int = DEFAULT_NICE
    ) -> None:
        self.workspace = workspace
        self.config: WorkspaceConfig = workspace.config
        self.mirror = (
            ProfileMirror(
                workspace.engine.session(), workspace.config, workspace.folder / SERVING, nice
            )
            if mirror
            else None
        )
        self.processing = InboxProcessing(
            workspace.engine.session(),
            workspace.config,
            workspace.engine.session(),
            mirror=self.mirror,
            nice=nice,
        )
        self.writer = GroupCommitWriter(workspace.engine.session(), self.processing.wake)
        self.keyring = Keyring(workspace.engine.session())
        self._local = threading.local()
        self._sessions: list[Engine] = []
        self._lock = threading.Lock()

    def reader(self) -> Engine:
        """This thread's own read session."""
        engine: Engine | None = getattr(self._local, "engine", None)
        if engine is None:
            with self._lock:
                engine = self.workspace.engine.session()
                self._sessions.append(engine)
            self._local.engine = engine
        return engine

    def start(self) -> None:
        """Start the profile mirror's build, the writer and the inbox processing threads."""
        if self.mirror is not None:  # first: the processing thread's flushes wait for it
            self.mirror.start()
        self.keyring.start()
        self.writer.start()
        self.processing.start()

    def stop(self) -> None:
        """Commit what is queued, stop the threads, release the database file."""
        self.writer.stop()
        self.processing.stop()
        self.keyring.stop()
        if self.mirror is not None:
            self.mirror.close()
        self.workspace.close()


def state_of(request: Request) -> ApiState:
    """The application's shared state."""
    state: ApiState = request.app.state.tessera
    return state


def create_app(
    folder: Path | str = ".",
    *,
    engine_threads: int | None = None,
    profile_mirror: bool = True,
    background_nice: int = DEFAULT_NICE,
) -> FastAPI:
    """The FastAPI application serving the workspace in ``folder`` (opened now: a missing or
    invalid workspace, or one in use by another process, fails here); ``engine_threads``
    overrides the workspace's ``storage.threads``; ``profile_mirror``: serve the profile
    API's fast path from a copy of the documents (ADR 0009); ``background_nice``: how much
    lower the background threads' CPU priority is (:mod:`tessera.api.threads`)."""
    from tessera.api import collect, profiles

    state = ApiState(
        Workspace.open(folder, threads=engine_threads),
        mirror=profile_mirror,
        nice=background_nice,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        state.start()
        try:
            yield
        finally:
            state.stop()

    app = FastAPI(title="Tessera", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.tessera = state
    install_error_handlers(app)
    app.include_router(collect.router)
    app.include_router(profiles.router)
    return app
