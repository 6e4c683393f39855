"""Indicators of the housing action plan, computed with polars from the marts as frames (pure:
services.indicators reads the warehouse and hands them over).

- `registry`: the one list of indicators (names, definitions, units, kind, direction, KOSTRA).
- `measures` and `definitions`: each indicator of indicators.md as a measure over unit frames.
- `monthly` and `breakdowns`: every indicator for every month, in total and per group or area.
- `periods`, `targets`, `suppression`, `tables`: shared machinery from months to what people read.
- `selection`: one indicator's values in the measure shown; `report`: the quarterly report's model.
- `export`: the rows of the CSV and XLSX exports (services.indicators writes them).
"""
