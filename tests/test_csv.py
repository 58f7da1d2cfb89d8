"""CSV export and import of every entity kind, through the real API (auth, error handlers).

Planners keep these sheets in Excel, so the tests use what Excel produces: a BOM or none,
CRLF line ends, `;` or tab delimiters in some locales, Shift_JIS when saved as plain "CSV".
"""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from delegations.models import Delegation
from tours.models import Bus, Facility

EVENT = "ascc-2025-tour"
BASE = f"/api/events/{EVENT}"
KINDS = ["places", "facilities", "buses", "interpreters", "delegations"]

pytestmark = pytest.mark.django_db


def export(client, name: str, query: str = "") -> bytes:
    response = client.get(f"/events/{EVENT}/{name}.csv{query}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return response.content


def upload(client, name: str, data: bytes | str):
    body = data.encode("utf-8") if isinstance(data, str) else data
    return client.post(f"/events/{EVENT}/{name}.csv", body, content_type="text/csv")


def table(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def write(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def scenario(client) -> dict:
    response = client.get(f"/events/{EVENT}/scenario")
    assert response.status_code == 200
    return response.json()


def problems(response) -> list[tuple[str, str]]:
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "validation_error"
    return [(d["path"], d["message"]) for d in body["details"]]


# -- export ---------------------------------------------------------------------------------


def test_export_is_utf8_with_bom_crlf_and_scenario_columns(planner, demo_event) -> None:
    data = export(planner, "buses")
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    header = text.removeprefix("\ufeff").split("\r\n")[0]
    assert header == (
        "key,name,seats,wheelchair_spaces,cost,available,operator,"
        "driver.name,driver.phone,driver.email"
    )
    first = table(data)[0]
    assert first["key"] == "coach-large-1"
    assert first["available"] == "07:30-19:00"
    assert first["driver.name"] == "Masao Kondo"
    assert first["driver.email"] == ""
    assert len(table(data)) == 6


def test_export_encodes_lists_windows_maps_and_members(planner, demo_event) -> None:
    plant = table(export(planner, "facilities"))[0]
    assert plant["name_ja"] == "鶴見工場"
    assert plant["windows"] == "09:30-12:00;13:00-16:30"
    assert plant["themes"] == "waste;energy;carbon-neutrality;circular-economy"
    assert plant["wheelchair"] == "false"
    assert plant["host.name"] == "Takeshi Inoue"
    bangkok = next(r for r in table(export(planner, "delegations")) if r["key"] == "bangkok")
    assert set(bangkok["interests"].split(";")) == {
        "tsurumi-plant:5",
        "jfe-tsurumi:4",
        "hokubu-sludge:3",
        "city-hall:3",
        "mm21-dhc:2",
    }
    assert set(bangkok["theme_interests"].split(";")) == {
        "waste:5",
        "energy:4",
        "carbon-neutrality:3",
    }
    assert bangkok["must_visit"] == "tsurumi-plant"
    assert bangkok["avoid"] == "" and bangkok["latest_dropoff"] == ""
    assert bangkok["members"].startswith('[{"name":"Somchai Rattanakul"')
    assert "null" not in bangkok["members"]


def test_filters_apply_to_the_export(planner, demo_event) -> None:
    rows = table(export(planner, "delegations", "?language=vi"))
    assert sorted(r["key"] for r in rows) == ["da-nang", "hanoi", "ho-chi-minh-city"]
    assert {r["language"] for r in rows} == {"vi"}


def test_viewer_may_export(viewer, demo_event) -> None:
    assert export(viewer, "places").startswith("\ufeff".encode())


# -- round trip -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", KINDS)
def test_export_then_import_changes_nothing(planner, demo_event, demo_document, name) -> None:
    before = scenario(planner)
    data = export(planner, name)
    response = upload(planner, name, data)
    assert response.status_code == 200, response.content
    result = response.json()
    assert (result["created"], result["updated"]) == (0, len(demo_document[name]))
    assert scenario(planner) == before
    assert export(planner, name) == data


@pytest.mark.parametrize("bom", [True, False], ids=["with-bom", "without-bom"])
def test_japanese_text_survives_with_and_without_bom(planner, demo_event, bom) -> None:
    text = export(planner, "facilities").decode("utf-8")
    assert "鶴見工場" in text
    changed = text.replace("鶴見工場", "鶴見清掃工場")
    if not bom:
        changed = changed.removeprefix("\ufeff")
    assert changed.startswith("\ufeff") == bom
    response = upload(planner, "facilities", changed)
    assert response.status_code == 200, response.content
    assert Facility.objects.get(key="tsurumi-plant").name_ja == "鶴見清掃工場"
    facility = planner.get(f"/events/{EVENT}/facilities/tsurumi-plant").json()
    assert facility["name_ja"] == "鶴見清掃工場"


def test_new_row_creates_and_edited_cell_updates(planner, demo_event) -> None:
    rows = table(export(planner, "buses"))
    rows[0]["seats"] = "50"
    new = {name: "" for name in rows[0]}
    new.update(key="coach-extra", seats="28", cost="180", available="8:00-18:00")
    response = upload(planner, "buses", write([*rows, new]))
    assert response.status_code == 200, response.content
    result = response.json()
    assert (result["created"], result["updated"]) == (1, 6)
    assert "coach-extra" in result["keys"]
    assert Bus.objects.get(key="coach-large-1").seats == 50
    extra = planner.get(f"/events/{EVENT}/buses/coach-extra").json()
    assert extra["seats"] == 28 and extra["wheelchair_spaces"] == 0
    assert extra["available"] == ["08:00", "18:00"]


def test_only_some_columns_and_rows_may_be_uploaded(planner, demo_event) -> None:
    csv_text = "key,name,languages\r\nint-new,Ken Sato,ja;en;vi\r\n"
    response = upload(planner, "interpreters", csv_text)
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1
    doc = planner.get(f"/events/{EVENT}/interpreters/int-new").json()
    assert doc["languages"] == ["ja", "en", "vi"]


@pytest.mark.parametrize("delimiter", [";", "\t"], ids=["semicolon", "tab"])
@pytest.mark.parametrize(("cell", "expected"), [("Yes", True), ("1", True), ("no", False)])
def test_other_delimiters_and_lenient_booleans(planner, demo_event, delimiter, cell, expected):
    rows = table(export(planner, "facilities"))
    rows[0]["wheelchair"] = cell
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    response = upload(planner, "facilities", out.getvalue())
    assert response.status_code == 200, response.content
    plant = Facility.objects.get(key=rows[0]["key"])
    assert plant.wheelchair is expected
    assert plant.themes == rows[0]["themes"].split(";")


def test_delegation_cells_are_decoded(planner, demo_event) -> None:
    rows = table(export(planner, "delegations"))
    row = next(r for r in rows if r["key"] == "bangkok")
    row.update(
        interests="tsurumi-plant:4; city-hall:2",
        avoid="mm21-dhc",
        earliest_pickup="8:45",
        members='[{"name":"Somchai Rattanakul","dietary":"halal"}]',
    )
    response = upload(planner, "delegations", write([row]))
    assert response.status_code == 200, response.content
    doc = planner.get(f"/events/{EVENT}/delegations/bangkok").json()
    assert doc["interests"] == {"tsurumi-plant": 4, "city-hall": 2}
    assert doc["avoid"] == ["mm21-dhc"]
    assert doc["earliest_pickup"] == "08:45"
    assert doc["members"] == [{"name": "Somchai Rattanakul", "dietary": "halal"}]


def test_multipart_upload(planner, demo_event) -> None:
    rows = table(export(planner, "buses"))
    rows[1]["seats"] = "44"
    upload_file = SimpleUploadedFile("buses.csv", write(rows).encode("utf-8-sig"), "text/csv")
    response = Client().post(f"{BASE}/buses.csv", {"file": upload_file}, **planner.headers)
    assert response.status_code == 200, response.content
    assert response.json()["updated"] == 6
    assert Bus.objects.get(key="coach-large-2").seats == 44


# -- problems -------------------------------------------------------------------------------


def test_unknown_pickup_names_row_and_column(planner, demo_event) -> None:
    rows = table(export(planner, "delegations"))
    rows[1]["pickup"] = "hotel-9"
    found = problems(upload(planner, "delegations", write(rows)))
    assert ("row 3, column pickup", "unknown place 'hotel-9'") in found


def test_malformed_window_names_row_and_column(planner, demo_event) -> None:
    rows = table(export(planner, "facilities"))
    rows[0]["windows"] = "9:30-12"
    found = problems(upload(planner, "facilities", write(rows)))
    assert len(found) == 1
    path, message = found[0]
    assert path == "row 2, column windows"
    assert "'9:30-12'" in message


def test_schema_problems_name_row_and_column(planner, demo_event) -> None:
    rows = table(export(planner, "buses"))
    rows[2]["seats"] = "ten"
    rows[3]["driver.name"] = ""
    rows[3]["driver.phone"] = "+81-90-0000-0000"
    found = dict(problems(upload(planner, "buses", write(rows))))
    assert "ten" in found["row 4, column seats"]
    assert found["row 5, column driver.name"] == "required field is missing"


def test_every_malformed_cell_is_reported_at_once(planner, demo_event) -> None:
    rows = table(export(planner, "delegations"))
    rows[0]["interests"] = "tsurumi-plant 5"
    rows[1]["theme_interests"] = "waste:lots"
    rows[2]["members"] = '[{"name": "A"'
    rows[3]["priority"] = "high"
    rows[4]["size"] = ""
    found = dict(problems(upload(planner, "delegations", write(rows))))
    assert "'tsurumi-plant 5'" in found["row 2, column interests"]
    assert "'lots'" in found["row 3, column theme_interests"]
    assert "not valid JSON" in found["row 4, column members"]
    assert len(found) == 3  # field rules are checked once the cells are readable
    rows[0]["interests"] = rows[1]["theme_interests"] = rows[2]["members"] = ""
    found = dict(problems(upload(planner, "delegations", write(rows))))
    assert "'high'" in found["row 5, column priority"]
    assert found["row 6, column size"] == "required field is missing"


def test_blank_rows_are_skipped_but_counted(planner, demo_event) -> None:
    text = "key,seats,cost\r\n,,\r\n\r\nnew-bus,12,x\r\n"
    found = problems(upload(planner, "buses", text))
    assert [path for path, _ in found] == ["row 4, column cost"]


def test_unknown_duplicate_and_missing_columns(planner, demo_event) -> None:
    found = problems(upload(planner, "places", "key,name,colour,name\r\nx,X,red,Y\r\n"))
    paths = {path for path, _ in found}
    assert paths == {"header"}
    messages = " | ".join(message for _, message in found)
    assert "unknown column 'colour' (columns for places: key, name, name_ja, lat," in messages
    assert "column 'name' appears twice" in messages
    assert "required column 'kind' is missing" in messages


@pytest.mark.parametrize(
    ("body", "expected"),
    [(b"", "the file is empty"), (b"\xef\xbb\xbfkey,seats,cost\r\n", "only a header row")],
    ids=["empty", "header-only"],
)
def test_empty_upload(planner, demo_event, body, expected) -> None:
    found = problems(upload(planner, "buses", body))
    assert len(found) == 1 and expected in found[0][1]


def test_shift_jis_upload_is_refused_with_advice(planner, demo_event) -> None:
    data = b"key,name,kind,lat,lon\r\nx," + "鶴見".encode("shift_jis") + b",venue,35,139\r\n"
    found = problems(upload(planner, "places", data))
    assert found == [("", "the file is not UTF-8 text: save it as 'CSV UTF-8' in Excel")]


def test_nothing_is_written_when_any_row_is_bad(planner, demo_event) -> None:
    before = (Bus.objects.count(), Delegation.objects.count())
    rows = table(export(planner, "buses"))
    rows[0]["seats"] = "50"
    new = {name: "" for name in rows[0]}
    new.update(key="coach-extra", seats="28", cost="180")
    bad = {**new, "key": "coach-bad", "available": "19:00"}
    assert problems(upload(planner, "buses", write([*rows, new, bad])))
    assert (Bus.objects.count(), Delegation.objects.count()) == before
    assert Bus.objects.get(key="coach-large-1").seats == 45
    rows = table(export(planner, "delegations"))
    rows[0]["size"] = "99"
    rows[-1]["pickup"] = "hotel-9"
    assert problems(upload(planner, "delegations", write(rows)))
    assert Delegation.objects.get(key=rows[0]["key"]).size != 99


def test_viewer_cannot_import(viewer, demo_event) -> None:
    response = upload(viewer, "buses", "key,seats,cost\r\nnew-bus,12,100\r\n")
    assert response.status_code == 403
    assert not Bus.objects.filter(key="new-bus").exists()
