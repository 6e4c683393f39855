"""Reading area files and the warehouse's area rows."""

from __future__ import annotations

import json

import geopandas as gpd
import polars as pl
import pytest
import shapely

from geo.areas import AreaFileError, AreaLimits, areas_from_rows, delomrader, read_area_file


def _feature(properties: dict, ring: list[tuple[float, float]]) -> dict:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]},
    }


def _square(x: float, y: float, size: float) -> list[tuple[float, float]]:
    return [(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]


def _geojson(features: list[dict], crs: str | None = None) -> bytes:
    collection: dict = {"type": "FeatureCollection", "features": features}
    if crs:
        collection["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(collection).encode()


def _messages(error: pytest.ExceptionInfo[AreaFileError]) -> list[tuple[int | None, str | None]]:
    return [(issue.row, issue.column) for issue in error.value.issues]


def test_geojson_without_crs_member_is_read_as_wgs84_with_delomrade_from_the_code():
    content = _geojson(
        [_feature({"grunnkrets": "11080101", "navn": "Sentrum"}, _square(5.7, 58.8, 0.1))]
    )

    areas = read_area_file(content, "omrader.geojson")

    assert areas.crs.to_epsg() == 4326
    # A missing delområdenavn stays None (not NaN), so it can be stored as SQL NULL.
    assert areas[["grunnkrets", "navn", "delomrade", "delomradenavn"]].values.tolist() == [
        ["11080101", "Sentrum", "110801", None]
    ]


def test_geojson_with_a_declared_utm_crs_keeps_it():
    content = _geojson(
        [_feature({"grunnkrets": "11080101", "navn": "A"}, _square(310000, 6530000, 500))],
        crs="urn:ogc:def:crs:EPSG::25832",
    )

    assert read_area_file(content, "a.geojson").crs.to_epsg() == 25832


def test_utm_coordinates_without_a_declared_crs_are_refused():
    content = _geojson(
        [_feature({"grunnkrets": "11080101", "navn": "A"}, _square(310000, 6530000, 500))]
    )

    with pytest.raises(AreaFileError, match="koordinatsystem"):
        read_area_file(content, "a.geojson")


def test_a_code_stored_as_a_number_gets_its_leading_zero_back():
    content = _geojson(
        [_feature({"grunnkrets": 3010101, "navn": "Oslo"}, _square(10.7, 59.9, 0.01))]
    )

    assert read_area_file(content, "oslo.geojson")["grunnkrets"].tolist() == ["03010101"]


def test_geonorge_property_names_are_understood():
    content = _geojson(
        [
            _feature(
                {
                    "grunnkretsnummer": "11080101",
                    "grunnkretsnavn": "A",
                    "delomradenummer": "110801",
                },
                _square(5.7, 58.8, 0.1),
            )
        ]
    )

    assert read_area_file(content, "a.geojson")["navn"].tolist() == ["A"]


def test_every_bad_feature_is_reported_by_row_and_column_without_its_value():
    content = _geojson(
        [
            _feature({"grunnkrets": "1108", "navn": "Hemmelig"}, _square(5.7, 58.8, 0.1)),
            _feature({"grunnkrets": "11080102", "navn": ""}, _square(5.8, 58.8, 0.1)),
            _feature({"grunnkrets": "11080102", "navn": "C"}, _square(5.9, 58.8, 0.1)),
        ]
    )

    with pytest.raises(AreaFileError) as error:
        read_area_file(content, "a.geojson")

    assert _messages(error) == [(1, "grunnkrets"), (2, "navn"), (3, "grunnkrets")]
    assert "1108" not in str(error.value) and "Hemmelig" not in str(error.value)


def test_missing_required_properties_are_named():
    content = _geojson([_feature({"kode": "11080101"}, _square(5.7, 58.8, 0.1))])

    with pytest.raises(AreaFileError) as error:
        read_area_file(content, "a.geojson")

    assert _messages(error) == [(None, "grunnkrets"), (None, "navn")]


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_a_geopackage_without_a_crs_is_refused(tmp_path):
    frame = gpd.GeoDataFrame(
        {"grunnkrets": ["11080101"], "navn": ["A"]}, geometry=[shapely.box(0, 0, 1, 1)]
    )
    frame.to_file(tmp_path / "a.gpkg")

    with pytest.raises(AreaFileError, match="koordinatsystem"):
        read_area_file((tmp_path / "a.gpkg").read_bytes(), "a.gpkg")


def test_a_geopackage_in_utm_is_read(tmp_path):
    frame = gpd.GeoDataFrame(
        {"grunnkrets": ["11080101"], "navn": ["A"]},
        geometry=[shapely.box(310000, 6530000, 310500, 6530500)],
        crs=25832,
    )
    frame.to_file(tmp_path / "a.gpkg")

    areas = read_area_file((tmp_path / "a.gpkg").read_bytes(), "a.gpkg")

    assert (areas.crs.to_epsg(), areas["grunnkrets"].tolist()) == (25832, ["11080101"])


def test_unreadable_bytes_and_unknown_endings_are_refused():
    with pytest.raises(AreaFileError, match="GeoJSON"):
        read_area_file(b"not json", "a.geojson")
    with pytest.raises(AreaFileError, match="GeoPackage"):
        read_area_file(b"x", "a.shp")


def test_rows_from_the_warehouse_become_areas_in_utm_with_delomrader_as_unions():
    squares = [shapely.box(5.70, 58.80, 5.71, 58.81), shapely.box(5.71, 58.80, 5.72, 58.81)]
    rows = pl.DataFrame(
        {
            "grunnkrets": ["11080102", "11080101"],
            "navn": ["B", "A"],
            "delomrade": [None, "110801"],
            "delomradenavn": [None, "Sentrum"],
            "geometry_wkb": shapely.to_wkb(squares).tolist(),
            "crs": ["EPSG:4326", "EPSG:4326"],
        }
    )

    areas = areas_from_rows(rows)
    parts = delomrader(areas)

    assert areas.crs.to_epsg() == 25832
    assert areas[["grunnkrets", "delomrade"]].values.tolist() == [
        ["11080101", "110801"],
        ["11080102", "110801"],
    ]
    # Two adjacent squares dissolve into one delområde with the area of both.
    assert len(parts) == 1
    assert parts.area.iloc[0] == pytest.approx(areas.area.sum())


def test_no_rows_give_no_areas():
    rows = pl.DataFrame(
        schema={
            "grunnkrets": pl.String,
            "navn": pl.String,
            "delomrade": pl.String,
            "delomradenavn": pl.String,
            "geometry_wkb": pl.Binary,
            "crs": pl.String,
        }
    )

    areas = areas_from_rows(rows)

    assert (len(areas), areas.crs.to_epsg()) == (0, 25832)


def _squares(count: int, **properties) -> bytes:
    return _geojson(
        [
            _feature(
                {"grunnkrets": f"{11080101 + i}", "navn": "A", **properties},
                _square(5 + i, 58, 0.5),
            )
            for i in range(count)
        ]
    )


def _issues(content: bytes, name: str = "a.geojson", **limits) -> list[str]:
    with pytest.raises(AreaFileError) as error:
        read_area_file(content, name, AreaLimits(**limits))
    return [issue.message for issue in error.value.issues]


def test_the_other_properties_of_an_area_come_back_as_text():
    areas = read_area_file(_squares(1, kommune=1108, merknad="hei"), "a.geojson")
    assert areas[["kommune", "merknad"]].values.tolist() == [["1108", "hei"]]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(gpd, "read_file", None)  # never reached
    padded = _squares(3) + b" " * (1024 * 1024)
    assert _issues(padded, max_file_bytes=1024 * 1024) == [
        "Områdefilen er større enn grensen på 1 MB."
    ]


def test_more_areas_than_the_limit_are_refused():
    assert _issues(_squares(3), max_features=2) == ["Filen har flere enn 2 områder."]


def test_more_areas_than_the_limit_are_refused_in_a_geopackage_too(tmp_path):
    frame = gpd.GeoDataFrame(
        {"grunnkrets": ["11080101", "11080102", "11080103"], "navn": ["A", "B", "C"]},
        geometry=[shapely.box(i, 0, i + 1, 1) for i in range(3)],
        crs=25832,
    )
    frame.to_file(tmp_path / "a.gpkg")
    content = (tmp_path / "a.gpkg").read_bytes()
    assert _issues(content, "a.gpkg", max_features=2) == ["Filen har flere enn 2 områder."]


def test_more_points_than_the_limit_are_refused():
    # Three squares of five points each: 15 points, over 14.
    assert _issues(_squares(3), max_vertices=14) == [
        "Filen har flere enn 14 punkter i geometrien. Forenkle den."
    ]


def test_more_property_names_than_the_limit_are_refused_before_gdal_reads_them(monkeypatch):
    monkeypatch.setattr(gpd, "read_file", None)  # never reached
    features = [
        _feature({"grunnkrets": "11080101", "navn": "A", f"egenskap{i}": 1}, _square(5, 58, 1))
        for i in range(40)
    ]
    # 40 names of their own and 2 shared, in a file whose own structure has about ten keys.
    assert _issues(_geojson(features), max_properties=10) == [
        "Filen har flere enn 10 egenskaper (kolonner)."
    ]


def test_one_area_larger_than_the_limit_as_text_is_refused():
    ring = [[5 + i * 1e-6, 58 + (i % 2) * 1e-3] for i in range(60_000)] + [[5, 58]]
    feature = {
        "type": "Feature",
        "properties": {"grunnkrets": "11080101", "navn": "A"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    assert _issues(_geojson([feature]), max_feature_megabytes=1) == [
        "Et område i filen er større enn 1 MB som tekst. Forenkle geometrien og prøv igjen."
    ]


def test_invalid_polygons_beyond_what_is_repaired_here_are_refused():
    # A ring whose edges cross all the way up (40 points); make_valid grows with the square.
    ring = [[5.7 + (i % 2) * 0.01, 58.8 + i * 1e-4] for i in range(39)] + [[5.7, 58.8]]
    feature = _feature({"grunnkrets": "11080101", "navn": "A"}, [(x, y) for x, y in ring])
    (message,) = _issues(_geojson([feature]), max_repaired_vertices=30)
    assert "ugyldige flater" in message


def test_a_small_invalid_polygon_is_still_repaired():
    bow_tie = [(5.7, 58.8), (5.8, 58.9), (5.8, 58.8), (5.7, 58.9), (5.7, 58.8)]
    areas = read_area_file(
        _geojson([_feature({"grunnkrets": "11080101", "navn": "A"}, bow_tie)]), "a.geojson"
    )
    assert areas.geometry.iloc[0].is_valid
