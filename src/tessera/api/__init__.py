"""The HTTP API: Segment-compatible collection, the profile read API and health.

:func:`create_app` builds the FastAPI application for a workspace folder; ``tessera serve``
runs it with uvicorn (one process).
"""

from tessera.api.app import create_app

__all__ = ["create_app"]
