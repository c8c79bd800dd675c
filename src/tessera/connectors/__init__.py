"""Readers for every kind of source: files the engine scans natively, and Excel / SQL
databases read through well-kept libraries (python-calamine, SQLAlchemy) into Arrow."""

from tessera.connectors.sources import open_source

__all__ = ["open_source"]
