"""Reading an HR system's CSV export of people: a header row, then one person per line."""

import csv
import io
from collections.abc import Iterator

from domain.errors import InvalidInput
from domain.organizations import texts
from domain.organizations.user_rows import FIELDS, REQUIRED_FIELDS, RowError, UserRow, validate_user_fields

BYTE_ORDER_MARK = "\ufeff"


def parse_users_csv(content: str) -> tuple[list[UserRow], list[RowError]]:
    """The valid rows and the line-numbered problems of the others; a bad header refuses the whole file."""
    reader = csv.reader(io.StringIO(content.removeprefix(BYTE_ORDER_MARK), newline=""))
    try:
        header = read_header(reader)
        rows: list[UserRow] = []
        errors: list[RowError] = []
        last_line = reader.line_num
        for record in reader:
            # A record's own line is where the previous one ended, plus one (quoted values may span lines).
            where = texts.LINE.format(line=last_line + 1)
            last_line = reader.line_num
            if not any(value.strip() for value in record):
                continue
            if len(record) > len(header) and any(value.strip() for value in record[len(header) :]):
                reason = texts.CSV_TOO_MANY_VALUES.format(found=len(record), expected=len(header))
                errors.append(RowError(where, reason))
                continue
            result = validate_user_fields(where, dict(zip(header, record, strict=False)))
            if isinstance(result, RowError):
                errors.append(result)
            else:
                rows.append(result)
    except csv.Error as exc:
        raise InvalidInput(texts.CSV_UNREADABLE.format(line=reader.line_num, problem=exc)) from None
    return rows, errors


def read_header(reader: Iterator[list[str]]) -> list[str]:
    """The column names (any order, any case, spaces around them ignored), checked against the known ones."""
    for record in reader:
        if any(value.strip() for value in record):
            header = [value.strip().lower() for value in record]
            break
    else:
        raise InvalidInput(texts.CSV_EMPTY)
    unknown = [name for name in header if name not in FIELDS]
    if unknown:
        raise InvalidInput(texts.CSV_UNKNOWN_COLUMNS.format(columns=", ".join(unknown), known=", ".join(FIELDS)))
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise InvalidInput(texts.CSV_REPEATED_COLUMNS.format(columns=", ".join(repeated)))
    missing = [name for name in REQUIRED_FIELDS if name not in header]
    if missing:
        raise InvalidInput(texts.CSV_MISSING_COLUMNS.format(columns=", ".join(missing)))
    return header
