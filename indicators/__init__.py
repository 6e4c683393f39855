"""Indicators of the housing action plan, computed with polars from the warehouse's marts.

- `registry`: the one list of indicators (names, definitions, units, kind, direction, KOSTRA).
- `measures` and `definitions`: each indicator of indicators.md as a measure over unit frames.
- `monthly` and `breakdowns`: every indicator for every month, in total and per group or area.
- `periods`, `targets`, `suppression`, `tables`: shared machinery from months to what people read.
- `service` and `export`: reading the marts, collecting once, writing CSV/XLSX.
"""
