"""`python -m tours.planning solve|check`: the command line that needs no database.

Solving takes about as long as its time limit, so the demo is solved once for the whole module.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.planning.tiny import scenario, valid_plan
from tours.planning.cli import gap_text, summary_line

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "tours" / "fixtures" / "ascc-2025.json"
SUMMARY = re.compile(
    r"^ascc-2025-tour: (optimal|feasible|infeasible) score -?\d+ bound (-?\d+|n/a) "
    r"gap (-?\d+\.\d%|n/a) in \d+\.\d s, \d+ bus(es)?, \d+ unassigned(, \d+ warnings?)?$"
)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tours.planning", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def write(path: Path, document: object, bom: bool = False) -> Path:
    text = json.dumps(document, ensure_ascii=False, indent=2)
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def solved(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("cli") / "plan.json"
    args = ("solve", str(DEMO), "--time-limit", "10", "--workers", "2", "--out", str(out))
    return run(*args), out


def test_solve_writes_the_plan_and_one_summary_line(solved):
    result, out = solved
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # the plan went to --out
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert plan["format"] == "kengaku.plan/1"
    assert plan["scenario"] == "ascc-2025-tour"
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert SUMMARY.match(lines[0]), lines[0]
    assert lines[0] == summary_line(plan)


def test_check_accepts_the_solved_plan(solved):
    _, out = solved
    result = run("check", str(DEMO), str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "rule " not in result.stdout
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert f"objective: score {plan['objective']['score']} " in result.stdout


def test_an_unknown_pickup_place_exits_2_naming_its_path(tmp_path):
    document = json.loads(DEMO.read_text(encoding="utf-8"))
    document["delegations"][2]["pickup"] = "no-such-hotel"
    result = run("solve", str(write(tmp_path / "broken.json", document)), "--time-limit", "1")
    assert result.returncode == 2
    assert "delegations[2].pickup: unknown place 'no-such-hotel'" in result.stderr
    assert result.stdout == ""


def test_check_names_rule_2_for_a_wrong_load_and_reads_a_bom(tmp_path):
    scenario_file = write(tmp_path / "tiny.json", scenario(), bom=True)
    good = run("check", str(scenario_file), str(write(tmp_path / "good.json", valid_plan())))
    assert good.returncode == 0, good.stdout + good.stderr
    assert "objective: score 2320 (interest 32, bus cost 500, driving 190 min)" in good.stdout

    plan = valid_plan()
    plan["buses"][1]["load"] += 1
    bad = run("check", str(scenario_file), str(write(tmp_path / "bad.json", plan)))
    assert bad.returncode == 1
    assert "rule 2 buses[1].load: bus 'bus-2' reports a load of 13" in bad.stdout
    assert "objective: score 2320" in bad.stdout


def test_missing_and_unreadable_files_exit_2(tmp_path):
    missing = run("check", str(DEMO), str(tmp_path / "nowhere.json"))
    assert missing.returncode == 2
    assert "nowhere.json: no such file" in missing.stderr
    (tmp_path / "junk.json").write_text("{not json", encoding="utf-8")
    junk = run("solve", str(tmp_path / "junk.json"))
    assert junk.returncode == 2
    assert "junk.json: not valid JSON" in junk.stderr


@pytest.mark.parametrize(
    ("score", "bound", "text"),
    [
        (20904, 26870, "22.2%"),
        (5, 5, "0.0%"),
        (-30, -10, "200.0%"),
        (3, None, "n/a"),
        (0, 0, "0.0%"),
    ],
)
def test_gap(score, bound, text):
    assert gap_text(score, bound) == text


def test_summary_line_of_a_plan_without_a_bound():
    plan = {
        "scenario": "day",
        "status": "feasible",
        "solve_seconds": 1.26,
        "objective": {"score": 10, "bound": None},
        "buses": [{}],
        "unassigned": [{}, {}],
        "warnings": ["x"],
    }
    assert summary_line(plan) == (
        "day: feasible score 10 bound n/a gap n/a in 1.3 s, 1 bus, 2 unassigned, 1 warning"
    )
