"""Byte sizes given as numbers or text ("2 GiB", "500MB", "1.5e9")."""
from __future__ import annotations

import math
import re

_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
          "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}


def parse_bytes(name: str, value: object) -> int:
    """``value`` in bytes; ValueError/TypeError naming ``name`` when it is not a size."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a number of bytes or a text such as '2 GiB', not bool")
    if isinstance(value, (int, float)):
        number, unit = float(value), ""
    elif isinstance(value, str):
        m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*([A-Za-z]*)\s*", value)
        if not m or m.group(2).lower() not in _UNITS:
            raise ValueError(f"{name} must look like '2 GiB', '500 MB' or a number of bytes, got {value!r}")
        number, unit = float(m.group(1)), m.group(2).lower()
    else:
        raise TypeError(f"{name} must be a number of bytes or a text such as '2 GiB', not {type(value).__name__}")
    size = number * _UNITS[unit]
    if not math.isfinite(size) or size <= 0:
        raise ValueError(f"{name} must be positive, got {value!r}")
    return int(size)
