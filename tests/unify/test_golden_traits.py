"""Golden record survivorship with lineage, and computed traits, on a small known workspace."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from tests.conftest import MakeWorkspace

from tessera.config import parse_config
from tessera.domain.traits import BUILTIN_TRAITS, TraitDefinition
from tessera.errors import ConfigError
from tessera.pipeline.unify.golden import build_golden
from tessera.pipeline.unify.traits import build_traits

CRM = {
    "format": "csv",
    "path": "crm.csv",
    "id": "id",
    "trust": 1,
    "country": "IT",
    "mapping": {
        "name": "full_name",
        "email": "email",
        "street": "address",
        "zip": "postcode",
        "city": "city",
        "updated": "timestamp",
        "dob": "birth_date",
    },
}
LOYALTY = {**CRM, "path": "loyalty.csv", "trust": 2}
ORDERS = {
    "kind": "event",
    "event_type": "order",
    "format": "csv",
    "path": "orders.csv",
    "id": "oid",
    "mapping": {"email": "email", "total": "amount", "at": "timestamp", "cat": "category"},
}
FILES = {
    "crm.csv": "id,name,email,street,zip,city,updated,dob\n"
    "c1,Ana Silva,ana@x.pt,Rua Velha 1,1000-001,Lisboa,2024-01-01,1990-02-01\n",
    "loyalty.csv": "id,name,email,street,zip,city,updated,dob\n"
    "l1,Ana Maria Silva,ana@x.pt,Rua Nova 9,4000-001,Porto,2025-06-01,\n",
    "orders.csv": "oid,email,total,at,cat\n"
    "o1,ana@x.pt,10.50,2025-01-01 08:30:00,books\n"
    "o2,ana@x.pt,20.00,2025-02-01 19:00:00,books\n"
    "o3,ana@x.pt,5.25,2025-03-01 09:15:00,pet food\n",
}


@pytest.fixture
def ws(make_workspace: MakeWorkspace):
    w = make_workspace({"crm": CRM, "loyalty": LOYALTY, "orders": ORDERS}, FILES)
    w.import_sources()
    w.resolve()
    return w


def _golden(ws, attribute: str) -> dict:
    return ws.engine.fetch_arrow(
        "SELECT * FROM golden_attributes WHERE attribute = ?", [attribute]
    ).to_pylist()[0]


def test_most_recent_address_wins_with_lineage_and_history(ws) -> None:
    build_golden(ws.engine, ws.config)
    address = _golden(ws, "address")
    assert address["value"].startswith("Rua Nova 9, 4000-001 Porto")
    assert (address["source"], address["record_id"], address["rule"]) == (
        "loyalty",
        "l1",
        "most_recent",
    )
    alternatives = json.loads(address["alternatives"])
    assert alternatives[0]["value"].startswith("Rua Velha 1") and alternatives[0]["source"] == "crm"
    # empty values never win: only the CRM has a birth date
    assert _golden(ws, "birth_date")["value"] == "1990-02-01"
    # the address's parts come from one record
    parts = json.loads(address["parts"])
    assert (parts["postcode"], parts["city"]) == ("4000-001", "Porto")


def test_source_priority_and_incremental_equals_full(ws) -> None:
    config = parse_config(
        {
            **ws.config.model_dump(mode="json"),
            "profiles": {"attributes": {"address": "source_priority"}},
        }
    )
    build_golden(ws.engine, config)
    full = ws.engine.fetch_arrow(
        "SELECT * EXCLUDE (computed_at) FROM golden_attributes ORDER BY ALL"
    ).to_pylist()
    assert _golden(ws, "address")["source"] == "crm"  # trust rank 1 beats recency
    ids = [r[0] for r in ws.engine.fetchall("SELECT DISTINCT profile_id FROM golden_attributes")]
    build_golden(ws.engine, config, ids)
    again = ws.engine.fetch_arrow(
        "SELECT * EXCLUDE (computed_at) FROM golden_attributes ORDER BY ALL"
    ).to_pylist()
    assert again == full


def test_traits_equal_the_truth(ws) -> None:
    build_golden(ws.engine, ws.config)
    as_of = dt.datetime(2025, 6, 2, tzinfo=dt.UTC)
    build_traits(ws.engine, BUILTIN_TRAITS, as_of=as_of)
    row = ws.engine.fetch_arrow(
        "SELECT t.* FROM profile_traits t JOIN profile_members m USING (profile_id) "
        "WHERE m.record_id = 'c1'"
    ).to_pylist()[0]
    assert row["lifetime_value"] == Decimal("35.75")
    assert row["order_count"] == 3
    assert row["favourite_category"] == "books"
    assert row["breakfast_order_share"] == pytest.approx(2 / 3, abs=1e-4)
    assert row["days_since_last_order"] == 93
    assert row["funnel_stage"] == "customer"
    assert row["age"] == 35 and row["next_birthday"] == dt.date(2026, 2, 1)
    assert row["orders_last_90_days"] == 0


def test_trait_definitions_are_validated_with_key_path() -> None:
    with pytest.raises(ValueError, match="unknown field 'price'"):
        TraitDefinition(function="sum", field="price")
    with pytest.raises(ValueError, match="numeric field"):
        TraitDefinition(function="sum", field="category")
    with pytest.raises(ConfigError, match=r"profiles.source_priority.0: unknown source 'erp'"):
        parse_config({"profiles": {"source_priority": ["erp"]}})


def test_profile_view_timeline_search_and_export(ws, tmp_path) -> None:
    ws.unify(as_of=dt.datetime(2025, 6, 2, tzinfo=dt.UTC))
    view = ws.profile("email:ANA@x.pt")
    assert view["golden"] and {g["attribute"] for g in view["golden"]} >= {"name", "address"}
    emails = [i for i in view["identifiers"] if i["namespace"] == "email"]
    assert emails[0]["value"] == "ana@x.pt" and emails[0]["primary"]
    assert sorted(emails[0]["sources"]) == ["crm", "loyalty", "orders"]
    assert view["traits"]["order_count"] == 3
    assert [s["event_type"] for s in view["timeline_summary"]] == ["order"]
    # the address history says until when the old address was current
    assert view["addresses"][0]["address"].startswith("Rua Nova 9")
    assert view["addresses"][1]["address"].startswith("Rua Velha 1")
    assert view["addresses"][1]["until"] == view["addresses"][0]["since"]
    # same profile from any reference
    assert ws.profile("crm:c1")["profile_id"] == ws.profile("orders:o2")["profile_id"]
    events = ws.timeline("crm:c1", limit=2)
    assert [e["record_id"] for e in events] == ["o3", "o2"]
    assert [e["record_id"] for e in ws.timeline("crm:c1", limit=2, offset=2)] == ["o1"]
    cutoff = dt.datetime(2025, 2, 1, tzinfo=dt.UTC)
    assert [e["record_id"] for e in ws.timeline("crm:c1", since=cutoff)] == ["o3", "o2"]
    # search: typo-tolerant name, e-mail, phone-less
    assert ws.search("Ana Silvaa")[0]["profile_id"] == view["profile_id"]
    assert ws.search("ana@X.pt")[0]["profile_id"] == view["profile_id"]
    assert ws.search("Zebedee Quux") == []
    out = tmp_path / "profiles.csv"
    from tessera.pipeline.unify.export import export_profiles

    assert export_profiles(ws.engine, out, "csv", ["name", "address"], ["lifetime_value"]) == 1
    header, row = out.read_text().splitlines()
    assert header.split(",")[:3] == ["profile_id", "household_id", "records"]
    assert "lifetime_value" in header and "35.75" in row and "ana@x.pt" in row
    with pytest.raises(ConfigError, match="unknown trait 'ltv'"):
        export_profiles(ws.engine, out, "csv", None, ["ltv"])


def test_unify_recomputes_only_changed_profiles_and_equals_full(ws, tmp_path) -> None:
    first, _ = ws.unify()
    assert not first.incremental  # nothing unified before: everything
    again, _ = ws.unify()
    assert again.incremental and again.profiles == 0  # nothing changed since
    ws.resolve()  # same data, same membership: still nothing to recompute
    assert ws.unify()[0].profiles == 0
    # the loyalty record moves house: only that person's profile is recomputed
    (tmp_path / "loyalty.csv").write_text(
        FILES["loyalty.csv"].replace(
            "Rua Nova 9,4000-001,Porto,2025-06-01", "Rua Terceira 3,3000-001,Coimbra,2025-09-01"
        )
    )
    ws.import_sources()
    ws.resolve()
    changed, _ = ws.unify()
    assert changed.incremental and changed.profiles == 1
    assert _golden(ws, "address")["value"].startswith("Rua Terceira 3")
    incremental = ws.engine.fetch_arrow(
        "SELECT * EXCLUDE (computed_at) FROM golden_attributes ORDER BY ALL"
    ).to_pylist()
    ws.unify(full=True)
    full = ws.engine.fetch_arrow(
        "SELECT * EXCLUDE (computed_at) FROM golden_attributes ORDER BY ALL"
    ).to_pylist()
    assert incremental == full


def test_profile_document_from_lookup_tables_equals_the_full_view(ws) -> None:
    """The API's document (index lookups on the per-profile tables) shows what the full view
    computes from the records."""
    from tessera.pipeline.unify.view import profile_view

    ws.unify()
    assert ws.engine.table_exists("profile_identifiers")
    assert ws.engine.table_exists("profile_event_summary")
    for ref in ("email:ana@x.pt", "crm:c1", "orders:o3"):
        full = profile_view(ws.engine, ws.config, ref, mode="full")
        summary = profile_view(ws.engine, ws.config, ref, mode="summary")
        assert summary["profile_id"] == full["profile_id"]
        assert summary["traits"] == full["traits"]
        assert [g["value"] for g in summary["golden"]] == [g["value"] for g in full["golden"]]
        shown = lambda ids: sorted((i["namespace"], i["value"], i["status"]) for i in ids)  # noqa: E731
        assert shown(summary["identifiers"]) == shown(full["identifiers"])
        assert summary["timeline_summary"] == full["timeline_summary"]
        assert "timeline_summary" not in profile_view(ws.engine, ws.config, ref, mode="document")
