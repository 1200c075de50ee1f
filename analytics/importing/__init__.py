"""Importing files, by stage (the path is laid out in pipeline.py):

- guard.py: checks on the file's bytes before any reader (size, zip bombs, XML entities); Limits.
- reading/: .xlsx (xlsx.py) and CSV (csvfile.py) into raw sheets.
- specs.py: the column specifications of each kind; sheets.py: which sheet holds which kind.
- cells.py: cell conversion a column at a time; checks/: the checks every kind shares (columns.py)
  and each kind's own (kpi.py, ita.py, summary.py, actions.py, cycle.py, orgs.py).
- plan.py: what a file would import (Parsed) and the ImportPlan the store applies.
- pipeline.py: the entry points, parse_file and import_file.
"""

from __future__ import annotations

from analytics.importing.checks import scheme_configs
from analytics.importing.guard import MB, Limits, ReadError
from analytics.importing.originals import files_dir, has_original, keep_original, read_original, sha256_of
from analytics.importing.pipeline import ImportOutcome, import_file, parse_file
from analytics.importing.plan import Parsed
from analytics.importing.problems import Problem
from analytics.importing.reading import RawFile, RawSheet
from analytics.importing.sheets import detect_kind
from analytics.importing.specs import KINDS, SPECS, header_map

__all__ = ["KINDS", "MB", "SPECS", "ImportOutcome", "Limits", "Parsed", "Problem", "RawFile", "RawSheet",
           "ReadError", "detect_kind", "files_dir", "has_original", "header_map", "import_file", "keep_original",
           "parse_file", "read_original", "scheme_configs", "sha256_of"]
