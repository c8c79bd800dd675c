"""Identity resolution: which records, identifiers and events belong to the same person."""
