"""Areas (grunnkretser, delområder): reading the admin's upload and the warehouse's rows.

An uploaded area file is bounded before GDAL parses it and before its geometry is repaired:
bytes, features, vertices, property names, the size of one GeoJSON feature, and how much
invalid geometry is repaired (`shapely.make_valid` grows with the square of a tangle's size).
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field
from pathlib import PurePath

import geopandas as gpd
import numpy as np
import pandas as pd
import polars as pl
import pyogrio
import shapely

from core.formatting import number
from core.snapshot_format import AREA_COLUMNS

METRIC_CRS = "EPSG:25832"

# Geonorge's grunnkrets dataset names its properties like this; accepted as the same thing.
_ALIASES = {
    "grunnkretsnummer": "grunnkrets",
    "grunnkretsnavn": "navn",
    "delomradenummer": "delomrade",
    "delområdenummer": "delomrade",
    "delområdenavn": "delomradenavn",
}
_GEOJSON_ENDINGS = (".geojson", ".json")
_GEOPACKAGE_ENDINGS = (".gpkg",)
# Keys of a GeoJSON file's own structure, besides the properties' names.
_GEOJSON_KEYS = 30
_GEOJSON_KEY = re.compile(rb'"((?:[^"\\]|\\.)*)"\s*:')
_SCAN_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class AreaLimits:
    """How much an area file may hold. Norway has about 14,000 grunnkretser."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_features: int = 20_000
    max_vertices: int = 2_000_000
    max_properties: int = 200
    max_feature_megabytes: int = 10  # one GeoJSON feature, as text
    max_repaired_vertices: int = 25_000  # in the polygons that are invalid and get repaired


DEFAULT_AREA_LIMITS = AreaLimits()


@dataclass(frozen=True)
class AreaIssue:
    """One thing wrong with an area file; `row` is the feature's number in the file (from 1)."""

    message: str
    row: int | None = None
    column: str | None = None


@dataclass
class AreaFileError(ValueError):
    """An area file that cannot be used, with every reason found (never a cell's value)."""

    issues: list[AreaIssue] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(issue.message for issue in self.issues)


def read_area_file(
    content: bytes, file_name: str, limits: AreaLimits = DEFAULT_AREA_LIMITS
) -> gpd.GeoDataFrame:
    """The areas in an uploaded GeoJSON or GeoPackage, in the file's own declared CRS.

    Columns: grunnkrets (8 digits), navn, delomrade (6 digits; the grunnkrets's first 6 when
    not given), delomradenavn, then the file's other properties as text, then geometry
    (polygons). GeoJSON without a `crs` member is WGS84 (RFC 7946). Raises `AreaFileError`
    listing every problem found.
    """
    frame = _read_features(content, file_name, limits)
    frame = frame.rename(columns={k: v for k, v in _ALIASES.items() if k in frame.columns})
    issues = _size_issues(frame, limits) or _crs_issues(frame) + _column_issues(frame)
    if issues:
        raise AreaFileError(issues)
    areas = _normalised(frame)
    issues = _value_issues(areas)
    if issues:
        raise AreaFileError(issues)
    return areas


def areas_from_rows(frame: pl.DataFrame) -> gpd.GeoDataFrame:
    """Rows of marts.omrader (geometry as WKB in its own CRS) as areas in EPSG:25832."""
    parts = [
        gpd.GeoDataFrame(
            _text_frame({name: group[name].to_list() for name in AREA_COLUMNS}),
            geometry=shapely.from_wkb(group["geometry_wkb"].to_list()),
            crs=crs,
        ).to_crs(METRIC_CRS)
        for (crs,), group in frame.group_by("crs", maintain_order=True)
    ]
    empty = gpd.GeoDataFrame(
        _text_frame({name: [] for name in AREA_COLUMNS}), geometry=[], crs=METRIC_CRS
    )
    areas = gpd.GeoDataFrame(pd.concat([empty, *parts], ignore_index=True), crs=METRIC_CRS)
    missing = areas["delomrade"].isna()
    areas.loc[missing, "delomrade"] = areas.loc[missing, "grunnkrets"].str[:6]
    return areas.sort_values("grunnkrets", ignore_index=True)


def area_rows(areas: gpd.GeoDataFrame) -> pl.DataFrame:
    """Areas as raw.omrader stores them: the known columns, geometry as WKB, and its CRS."""
    return pl.DataFrame(
        {
            "grunnkrets": areas["grunnkrets"].tolist(),
            "navn": areas["navn"].tolist(),
            "delomrade": areas["delomrade"].tolist(),
            "delomradenavn": areas["delomradenavn"].tolist(),
            "geometry_wkb": shapely.to_wkb(areas.geometry.values).tolist(),
            "crs": [areas.crs.to_string()] * len(areas),
        },
        schema_overrides={"geometry_wkb": pl.Binary, "delomradenavn": pl.String},
    )


def area_properties(areas: gpd.GeoDataFrame) -> dict[str, list[str | None]]:
    """Every property of every area as text, by property name in the file's order."""
    return {name: areas[name].tolist() for name in areas.columns if name != areas.geometry.name}


def delomrader(areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Delområder as the union of their grunnkretser (columns delomrade, delomradenavn)."""
    dissolved = areas[["delomrade", "delomradenavn", "geometry"]].dissolve(
        by="delomrade", aggfunc="first", as_index=False
    )
    return dissolved.sort_values("delomrade", ignore_index=True)


def _read_features(content: bytes, file_name: str, limits: AreaLimits) -> gpd.GeoDataFrame:
    ending = PurePath(file_name).suffix.lower()
    if ending not in _GEOJSON_ENDINGS + _GEOPACKAGE_ENDINGS:
        raise AreaFileError(
            [AreaIssue("Områdefilen må være GeoJSON (.geojson) eller GeoPackage (.gpkg).")]
        )
    if len(content) > limits.max_file_bytes:
        megabytes = number(limits.max_file_bytes // (1024 * 1024))
        raise AreaFileError([AreaIssue(f"Områdefilen er større enn grensen på {megabytes} MB.")])
    geopackage = ending in _GEOPACKAGE_ENDINGS
    kind = "GeoPackage" if geopackage else "GeoJSON"
    try:
        with warnings.catch_warnings():
            # GDAL reads the bytes from an in-memory file without an ending and says so.
            warnings.filterwarnings("ignore", message=".*non conformant file extension")
            layer = _area_layer(content, limits) if geopackage else None
            if not geopackage:
                _check_geojson_text(content, limits)
                pyogrio.set_gdal_config_options(
                    {"OGR_GEOJSON_MAX_OBJ_SIZE": str(limits.max_feature_megabytes)}
                )
            return gpd.read_file(
                io.BytesIO(content),
                layer=layer,
                engine="pyogrio",
                max_features=limits.max_features + 1,
            )
    except AreaFileError:
        raise
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError) as error:
        if "too complex/large" in str(error):
            message = (
                f"Et område i filen er større enn {limits.max_feature_megabytes} MB som tekst. "
                "Forenkle geometrien og prøv igjen."
            )
        else:
            message = f"Filen kan ikke leses som {kind}."
        raise AreaFileError([AreaIssue(message)]) from error


def _check_geojson_text(content: bytes, limits: AreaLimits) -> None:
    """Features, vertices and property names counted in the text, before GDAL parses it.

    GDAL keeps every distinct property name of every feature as a column of all of them, so
    a file with a million names costs gigabytes. The counts err on the high side: every
    `"Feature"`, every `[` and every key of the file's structure counts too.
    """
    issues = []
    if content.count(b'"Feature"') > limits.max_features:
        issues.append(_too_many_features(limits))
    if content.count(b"[") > limits.max_vertices:
        issues.append(_too_many_vertices(limits))
    if _more_keys_than(content, limits.max_properties + _GEOJSON_KEYS):
        issues.append(_too_many_properties(limits))
    if issues:
        raise AreaFileError(issues)


def _more_keys_than(content: bytes, most: int) -> bool:
    """True when the JSON text has more than `most` distinct keys (stops once it has)."""
    keys: set[bytes] = set()
    for start in range(0, len(content), _SCAN_CHUNK):
        # A key cut at the chunk's end is found whole in the 256 bytes that overlap.
        keys.update(_GEOJSON_KEY.findall(content, start, start + _SCAN_CHUNK + 256))
        if len(keys) > most:
            return True
    return False


def _size_issues(frame: gpd.GeoDataFrame, limits: AreaLimits) -> list[AreaIssue]:
    """Too many features, properties or vertices, or too much invalid geometry to repair."""
    issues = []
    if len(frame) > limits.max_features:
        issues.append(_too_many_features(limits))
    if len(frame.columns) - 1 > limits.max_properties:
        issues.append(_too_many_properties(limits))
    geometries = frame.geometry.to_numpy()
    vertices = shapely.get_num_coordinates(geometries)
    if vertices.sum() > limits.max_vertices:
        issues.append(_too_many_vertices(limits))
    invalid = ~shapely.is_valid(geometries) & ~shapely.is_missing(geometries)
    if vertices[invalid].sum() > limits.max_repaired_vertices:
        issues.append(
            AreaIssue(
                f"Filen har ugyldige flater med til sammen mer enn "
                f"{number(limits.max_repaired_vertices)} punkter, for mye å reparere her. Reparer "
                "geometrien i et kartprogram (for eksempel «Fix geometries» i QGIS).",
                column="geometry",
            )
        )
    return issues


def _too_many_features(limits: AreaLimits) -> AreaIssue:
    return AreaIssue(f"Filen har flere enn {number(limits.max_features)} områder.")


def _too_many_vertices(limits: AreaLimits) -> AreaIssue:
    return AreaIssue(
        f"Filen har flere enn {number(limits.max_vertices)} punkter i geometrien. Forenkle den.",
        column="geometry",
    )


def _too_many_properties(limits: AreaLimits) -> AreaIssue:
    return AreaIssue(f"Filen har flere enn {limits.max_properties} egenskaper (kolonner).")


def _area_layer(content: bytes, limits: AreaLimits) -> str | None:
    """The GeoPackage layer of grunnkretser: the first polygon layer with a grunnkrets column."""
    layers = pyogrio.list_layers(io.BytesIO(content))
    polygon_layers = [name for name, kind in layers if kind and "POLYGON" in kind.upper()]
    chosen = polygon_layers[0] if polygon_layers else None
    for name in polygon_layers:
        columns = pyogrio.read_info(io.BytesIO(content), layer=name)["fields"]
        if {"grunnkrets", "grunnkretsnummer"} & {c.lower() for c in columns}:
            chosen = name
            break
    if chosen is not None:
        fields = pyogrio.read_info(io.BytesIO(content), layer=chosen)["fields"]
        if len(fields) > limits.max_properties:
            raise AreaFileError([_too_many_properties(limits)])
    return chosen


def _crs_issues(frame: gpd.GeoDataFrame) -> list[AreaIssue]:
    if frame.crs is None:
        return [
            AreaIssue("Filen oppgir ikke koordinatsystem (CRS). Lagre den med f.eks. EPSG:25832.")
        ]
    if frame.crs.is_geographic and len(frame) and not _within_degrees(frame):
        return [
            AreaIssue(
                "Koordinatene ser ikke ut som lengde- og breddegrader, men filen oppgir ikke "
                "noe annet koordinatsystem. Oppgi koordinatsystemet (f.eks. EPSG:25832) i filen."
            )
        ]
    return []


def _within_degrees(frame: gpd.GeoDataFrame) -> bool:
    minx, miny, maxx, maxy = frame.total_bounds
    return bool(-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90)


def _column_issues(frame: gpd.GeoDataFrame) -> list[AreaIssue]:
    return [
        AreaIssue(f"Kolonnen «{name}» mangler i områdefilen.", column=name)
        for name in ("grunnkrets", "navn")
        if name not in frame.columns
    ]


def _normalised(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The known columns as text (None when blank), delområde filled in, polygons repaired."""
    missing = [None] * len(frame)
    codes = _as_code_text(frame["grunnkrets"], 8)
    given = _as_code_text(frame["delomrade"], 6) if "delomrade" in frame else missing
    columns = {
        "grunnkrets": codes,
        "navn": _as_text(frame["navn"]),
        "delomrade": [
            part
            if part is not None or code is None or not re.fullmatch(r"\d{8}", code)
            else code[:6]
            for part, code in zip(given, codes, strict=True)
        ],
        "delomradenavn": _as_text(frame["delomradenavn"]) if "delomradenavn" in frame else missing,
    }
    others = [name for name in frame.columns if name not in columns and name != frame.geometry.name]
    columns |= {name: _as_text(frame[name]) for name in others}
    return gpd.GeoDataFrame(
        _text_frame(columns), geometry=_repaired(frame.geometry.to_numpy()), crs=frame.crs
    )


def _text_frame(columns: dict[str, list[str | None]]) -> pd.DataFrame:
    """Text columns that keep None for a missing value (pandas would turn it into NaN)."""
    return pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in columns.items()})


def _as_text(values) -> list[str | None]:
    return [None if _is_blank(value) else str(value).strip() for value in values]


def _as_code_text(values, digits: int) -> list[str | None]:
    """Codes as text; a code stored as a number gets back the leading zero it lost (0301…)."""
    texts: list[str | None] = []
    for value in values:
        if _is_blank(value):
            texts.append(None)
        elif (
            isinstance(value, int | np.integer | float | np.floating) and float(value).is_integer()
        ):
            texts.append(str(int(value)).zfill(digits))
        else:
            texts.append(str(value).strip())
    return texts


def _is_blank(value) -> bool:
    return (
        value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == ""
    )


def _repaired(geometries: np.ndarray) -> np.ndarray:
    """Invalid polygons made valid, keeping only their polygonal parts."""
    invalid = ~shapely.is_valid(geometries) & ~shapely.is_missing(geometries)
    if invalid.any():
        geometries = geometries.copy()
        geometries[invalid] = shapely.make_valid(
            geometries[invalid], method="structure", keep_collapsed=False
        )
    return geometries


def _value_issues(areas: gpd.GeoDataFrame) -> list[AreaIssue]:
    issues: list[AreaIssue] = []
    seen: set[str] = set()
    geometry_types = areas.geometry.geom_type.to_numpy()
    for index, row in enumerate(areas.itertuples(index=False), start=1):
        code = row.grunnkrets if isinstance(row.grunnkrets, str) else None
        if code is None or not re.fullmatch(r"\d{8}", code):
            issues.append(AreaIssue("Grunnkrets må være 8 sifre.", row=index, column="grunnkrets"))
        elif code in seen:
            issues.append(
                AreaIssue(
                    "Grunnkretsen finnes flere ganger i filen.", row=index, column="grunnkrets"
                )
            )
        else:
            seen.add(code)
        if not isinstance(row.navn, str):
            issues.append(AreaIssue("Navn mangler.", row=index, column="navn"))
        if isinstance(row.delomrade, str) and not re.fullmatch(r"\d{6}", row.delomrade):
            issues.append(AreaIssue("Delområde må være 6 sifre.", row=index, column="delomrade"))
        polygonal = geometry_types[index - 1] in ("Polygon", "MultiPolygon")
        if not polygonal or row.geometry.is_empty:
            issues.append(
                AreaIssue("Geometrien må være en flate (polygon).", row=index, column="geometry")
            )
    return issues
