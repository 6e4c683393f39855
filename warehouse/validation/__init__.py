"""Upload validation, one job per module: nothing from an upload is stored before it passes.

limits          the bounds of an upload (bytes, rows, columns, line length)
workbook_guard  an XLSX's zip inflated with a cap, its grid bounded, before it is read
reading         bytes to text tables: file kinds, encodings, delimiters, sheets
headers         which of a table's columns the file has (header mapping)
cells           decimals, whole numbers, dates and digit codes as Norwegian files write them
typed           text cells to the warehouse's typed columns
rules           snapshot-format.md's rules as polars expressions, and the problems they find
fnr             personal ID numbers (fødselsnummer, D-nummer) recognised
text_checks     file names, plain names, personal ID numbers in cells and headers
sieves          mojibake and personal ID numbers looked for in whole rows first
snapshot        a snapshot upload's tables, read, typed and checked
cross_table     checks across tables and against the areas
reference       reference CSVs (area statistics, targets) and areas files' properties
ssb_tables      SSB statistics-bank tables (JSON-stat2, CSV) to one long frame of KOSTRA values
"""
