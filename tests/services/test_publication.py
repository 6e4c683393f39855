"""The writer publishes after every kind of change when a publish folder is set, and not
otherwise; a refused change publishes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.problems import SourceFile
from core.settings import SettingsError
from core.warehouse_file import PUBLISH_ENV
from services import ingest, reference, settings
from services.publication import finish_publishing
from tests.snapshot_files import SNAPSHOT_MONTH, dwellings, households, snapshot_files
from tests.warehouse.conftest import TESTING, areas_file_bytes
from warehouse.publish import newest_snapshot


def published_versions(out: Path) -> list[str]:
    """The snapshot folders in `out`, once every publication asked for is done."""
    finish_publishing()
    return sorted(entry.name for entry in out.iterdir() if entry.name.startswith("v"))


def test_every_change_is_published_as_a_new_version(db, tmp_path, monkeypatch):
    out = tmp_path / "published"
    monkeypatch.setenv(PUBLISH_ENV, str(out))
    month = snapshot_files("utf-8", dwellings(), households())
    # Each version is max(load event) + max(setting row): the load has one event per table.
    assert ingest.ingest(db, SNAPSHOT_MONTH, month, by=TESTING).status == "loaded"
    assert published_versions(out) == ["v000002"]
    assert settings.change_settings(db, {"prikking_k": 5}, by=TESTING) == ["prikking_k"]
    assert published_versions(out) == ["v000002", "v000003"]
    areas = SourceFile("omrader.geojson", areas_file_bytes())
    assert reference.load_areas(db, areas, by=TESTING).status == "loaded"
    # A reference file is a load too (one event): version 4.
    assert published_versions(out) == ["v000002", "v000003", "v000004"]
    assert newest_snapshot(out).version == ingest.data_version(db) == 4


def test_a_change_publishes_nothing_without_a_publish_folder(db, tmp_path, monkeypatch):
    monkeypatch.delenv(PUBLISH_ENV, raising=False)
    month = snapshot_files("utf-8", dwellings(), households())
    assert ingest.ingest(db, SNAPSHOT_MONTH, month, by=TESTING).status == "loaded"
    finish_publishing()
    assert list(tmp_path.iterdir()) == [db]


@pytest.mark.parametrize("k", [0, "fem"])
def test_a_refused_settings_change_publishes_nothing(db, tmp_path, monkeypatch, k):
    out = tmp_path / "published"
    monkeypatch.setenv(PUBLISH_ENV, str(out))
    with pytest.raises(SettingsError):
        settings.change_settings(db, {"prikking_k": k}, by=TESTING)
    finish_publishing()
    assert not out.exists()
