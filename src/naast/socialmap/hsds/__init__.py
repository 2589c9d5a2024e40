"""HSDS 3.0 in and out of the social map, keyed on the HSDS ids.

- `tables`: what Naast holds of the standard (tables, field kinds, required fields, references);
- `read`: JSON (object, list, Page) or a tabular package (datapackage.json + CSVs) into tables;
- `validate`: every record typed and checked, every problem named by record and field;
- `write`: `import_path`, the all-or-nothing import (read, validate, then write in one transaction);
- `export`: the public part of the map as HSDS objects or a tabular package, and schema validation.
"""
