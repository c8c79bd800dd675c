"""Unification: golden records with lineage, timelines, computed traits, the 360 view."""
