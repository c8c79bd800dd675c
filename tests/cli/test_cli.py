"""The real ``tessera`` command, run as a subprocess: output, exit codes, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml


def tessera(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tessera", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", "NO_COLOR": "1"},
    )


def test_init_import_status_quality(tmp_path: Path) -> None:
    r = tessera("init", "shop360", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    ws = tmp_path / "shop360"
    config = yaml.safe_load((ws / "tessera.yaml").read_text())
    assert config["name"] == "shop360" and config["storage"]["engine"] == "duckdb"
    (ws / "data" / "crm.csv").write_text(
        "id;Nome;E-mail;Cellulare\n1;Anna;anna@x.it;333 1234567\n2;Bruno;bruno@;12\n;X;x@x.it;\n"
    )
    config["sources"] = {
        "crm": {
            "format": "csv",
            "path": "data/crm.csv",
            "id": "id",
            "country": "IT",
            "mapping": {"Nome": "given_name", "E-mail": "email", "Cellulare": "phone"},
        }
    }
    (ws / "tessera.yaml").write_text(yaml.safe_dump(config))
    r = tessera("import", "-w", str(ws), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "crm" in r.stdout and "ok" in r.stdout
    r = tessera("status", cwd=ws)
    assert r.returncode == 0, r.stderr
    line = next(x for x in r.stdout.splitlines() if "crm" in x)
    assert "person" in line and " 2 " in line + " "  # 2 records
    r = tessera("quality", "-w", str(ws), cwd=tmp_path)
    assert "bruno@" in r.stdout and "Cellulare" in r.stdout
    r = tessera("quality", "--rejected", "-w", str(ws), cwd=tmp_path)
    assert "missing record id" in r.stdout
    r = tessera("init", "shop360", cwd=tmp_path)
    assert r.returncode == 1 and "already exists" in r.stderr


def test_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    r = tessera("status", cwd=tmp_path)
    assert r.returncode == 1
    assert "no tessera.yaml here" in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "tessera.yaml").write_text(
        "sources:\n  crm:\n    format: csv\n    path: c.csv\n    id: id\n"
        "    mapping: {Mail: e-mail}\n"
    )
    r = tessera("import", cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "sources.crm.mapping.Mail: unknown target 'e-mail' (did you mean 'email'?)" in r.stderr
    (tmp_path / "tessera.yaml").write_text(
        "sources:\n  crm:\n    format: csv\n    path: c.csv\n    id: id\n"
        "    mapping: {Mail: email}\n"
    )
    (tmp_path / "c.csv").write_text("id,Email\n1,a@b.it\n")
    r = tessera("import", cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "c.csv: column 'Mail' not found (columns: id, Email)" in r.stderr
    r = tessera("import", "nope", cwd=tmp_path)
    assert r.returncode == 1 and "unknown source 'nope' (sources: crm)" in r.stderr
    (tmp_path / "tessera.yaml").write_text("sources: [\n")
    r = tessera("status", cwd=tmp_path)
    assert r.returncode == 1 and "tessera.yaml: line" in r.stderr


def test_demo_builds_and_imports_every_source(tmp_path: Path) -> None:
    r = tessera("demo", "--persons", "300", "--dir", "demo", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    ws = tmp_path / "demo"
    truth = (ws / "truth" / "records.csv").read_text().splitlines()[1:]
    assert "person records and" in r.stdout and "quality issues flagged" in r.stdout
    for source in ("crm", "loyalty", "shop", "tickets", "web", "fair"):
        assert source in r.stdout
    # every generated row is in the workspace, none rejected
    from tessera.workspace import Workspace

    with Workspace.open(ws) as w:
        stored = {(s, rid) for s, rid in w.engine.fetchall("SELECT source, record_id FROM records")}
        rejected = w.engine.fetchall("SELECT count(*) FROM rejected_rows")[0][0]
    expected = {tuple(line.split(",")[:2]) for line in truth}
    assert stored == expected and rejected == 0
    assert "Resolution run 1" in r.stdout and "profiles" in r.stdout
    assert "Against the generator's ground truth" in r.stdout
    # identity commands on the resolved demo
    r = tessera("export", "identities", "--out", "ids.csv", "-w", "demo", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    lines = (tmp_path / "ids.csv").read_text().splitlines()
    assert lines[0] == "source,source_record_id,profile_id" and len(lines) == len(truth) + 1
    first, second = lines[1].split(","), lines[2].split(",")
    a, b = f"{first[0]}:{first[1]}", f"{second[0]}:{second[1]}"
    r = tessera("explain", a, b, "--json", "-w", "demo", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert '"same_profile"' in r.stdout
    r = tessera("link", a, b, "-w", "demo", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = tessera("explain", a, b, "-w", "demo", cwd=tmp_path)
    assert "the same person" in r.stdout and "manual link" in r.stdout
    r = tessera("explain", "--model", "--out", "model.html", "-w", "demo", cwd=tmp_path)
    assert r.returncode == 0 and (tmp_path / "model.html").stat().st_size > 1000
    r = tessera("profile", a, "-w", "demo", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Golden record" in r.stdout and "Identifiers" in r.stdout and "Traits" in r.stdout
    r = tessera("profile", a, "--json", "-w", "demo", cwd=tmp_path)
    assert '"golden"' in r.stdout and '"lifetime_value"' in r.stdout
    r = tessera(
        "export",
        "profiles",
        "--format",
        "parquet",
        "--out",
        "p.parquet",
        "-w",
        "demo",
        cwd=tmp_path,
    )
    assert r.returncode == 0 and (tmp_path / "p.parquet").stat().st_size > 0, r.stderr
    r = tessera("profile", "crm:NOPE", "-w", "demo", cwd=tmp_path)
    assert r.returncode == 1 and "no record crm:NOPE" in r.stderr
    r = tessera("explain", "email:nobody@nowhere.example", a, "-w", "demo", cwd=tmp_path)
    assert r.returncode == 1 and "no profile for email:nobody@nowhere.example" in r.stderr
    # running it again replaces the demo workspace
    r = tessera("demo", "--persons", "300", "--dir", "demo", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
