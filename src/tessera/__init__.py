"""Tessera: an open-source Customer Data Platform building a Single Customer View."""

from __future__ import annotations

__version__ = "0.1.0"
