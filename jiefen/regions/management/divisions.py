"""Reading the shared division format (code,name,level,parent_code; 12-digit padded codes) and loading it.

The format is described in ``jiefen/regions/data/README.md``. ``select`` keeps the rows under one code prefix
and the rows above it (the province, and the city for a county prefix), ``write_slice`` writes them back in
the same format, and ``load`` upserts them into ``Region`` level by level with bulk queries.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from jiefen.regions.models import Region

COLUMNS = ["code", "name", "level", "parent_code"]
LEVELS = [kind.value for kind in Region.Kind]  # province, city, county, township, village: top down
PREFIX_LENGTHS = (2, 4, 6, 9, 12)
SHIPPED_SLICE = Path(__file__).resolve().parent.parent / "data" / "lianyungang.csv"
BATCH = 500


class DivisionError(ValueError):
    """The file or the prefix is not what the format promises."""


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    parent_code: str


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def read(path: Path | str) -> list[Division]:
    """Every row of a divisions CSV, checked: 12-digit codes, known levels, parents present in the file order."""
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise DivisionError(f"{path}: expected the columns {','.join(COLUMNS)}, found {reader.fieldnames}")
        for line, row in enumerate(reader, start=2):
            code, name, level, parent = (row[column].strip() for column in COLUMNS)
            if len(code) != 12 or not code.isdigit():
                raise DivisionError(f"{path}:{line}: the code {code!r} is not 12 digits")
            if level not in LEVELS:
                raise DivisionError(f"{path}:{line}: unknown level {level!r}")
            if not name:
                raise DivisionError(f"{path}:{line}: the name is empty")
            rows.append(Division(code, name, level, parent))
    return rows


def check_prefix(prefix: str) -> str:
    prefix = prefix.strip()
    if not prefix.isdigit() or len(prefix) not in PREFIX_LENGTHS:
        raise DivisionError(
            f"the prefix {prefix!r} must be the significant digits of a code: 2, 4, 6, 9 or 12 digits (e.g. 3207)"
        )
    return prefix


def ancestor_codes(prefix: str) -> set[str]:
    """The padded codes of the divisions above ``prefix``: ``3207`` → {``320000000000``}."""
    return {prefix[:length].ljust(12, "0") for length in PREFIX_LENGTHS if length < len(prefix)}


def select(rows: Iterable[Division], prefix: str | None) -> list[Division]:
    """The rows under ``prefix`` and those above it, sorted by code; every row when ``prefix`` is None."""
    if prefix is None:
        return sorted(rows, key=lambda row: row.code)
    prefix = check_prefix(prefix)
    above = ancestor_codes(prefix)
    chosen = sorted((row for row in rows if row.code.startswith(prefix) or row.code in above), key=lambda r: r.code)
    if not any(row.code.startswith(prefix) for row in chosen):
        raise DivisionError(f"no division has a code starting with {prefix}")
    return chosen


def write_slice(rows: Iterable[Division], path: Path | str) -> int:
    """Write rows in the shared format (UTF-8, header, ``\\n`` line ends). Returns the number of rows written."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([row.code, row.name, row.level, row.parent_code])
            count += 1
    return count


def load(rows: list[Division], prefix: str | None = None) -> LoadResult:
    """Upsert ``rows`` into ``Region``, parents first, in one transaction; running it twice changes nothing.

    A parent must be among the rows or already in the database. Rows are matched on their code; a changed
    name, level or parent is updated. Nothing is deleted.
    """
    result = LoadResult()
    by_level: dict[str, list[Division]] = {level: [] for level in LEVELS}
    for row in rows:
        by_level[row.level].append(row)
    with transaction.atomic():
        existing = Region.objects.all()
        if prefix is not None:
            existing = existing.filter(Q(code__startswith=prefix) | Q(code__in=ancestor_codes(prefix)))
        known = {code: (pk, name, level, parent_id) for pk, code, name, level, parent_id in existing.values_list(
            "pk", "code", "name", "level", "parent_id"
        )}
        ids = {code: values[0] for code, values in known.items()}
        for level in LEVELS:
            new, changed = [], []
            for row in by_level[level]:
                parent_id = _parent_id(row, ids)
                if row.code not in known:
                    new.append(Region(code=row.code, name=row.name, level=row.level, parent_id=parent_id))
                elif known[row.code][1:] != (row.name, row.level, parent_id):
                    changed.append(
                        Region(pk=known[row.code][0], code=row.code, name=row.name, level=row.level,
                               parent_id=parent_id)
                    )
                else:
                    result.unchanged += 1
            if new:
                Region.objects.bulk_create(new, batch_size=BATCH)
                if any(region.pk is None for region in new):  # a backend that cannot return ids
                    codes = [region.code for region in new]
                    for start in range(0, len(codes), BATCH):
                        chunk = codes[start : start + BATCH]
                        ids.update(Region.objects.filter(code__in=chunk).values_list("code", "pk"))
                else:
                    ids.update((region.code, region.pk) for region in new)
                result.created += len(new)
            if changed:
                Region.objects.bulk_update(changed, ["name", "level", "parent_id"], batch_size=BATCH)
                result.updated += len(changed)
    return result


def _parent_id(row: Division, ids: dict[str, int]) -> int | None:
    if not row.parent_code:
        if row.level != Region.Kind.PROVINCE:
            raise DivisionError(f"{row.code} {row.name}: only a province may have no parent")
        return None
    try:
        return ids[row.parent_code]
    except KeyError:
        raise DivisionError(
            f"{row.code} {row.name}: its parent {row.parent_code} is neither in the file nor in the database"
        ) from None


def load_file(path: Path | str = SHIPPED_SLICE, prefix: str | None = "3207") -> LoadResult:
    """Read ``path``, keep the rows of ``prefix`` (and those above it), and load them."""
    if prefix is not None:
        prefix = check_prefix(prefix)
    return load(select(read(path), prefix), prefix)
