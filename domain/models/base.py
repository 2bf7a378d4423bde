"""Declarative base and the column shapes every seed table repeats."""

import uuid
from datetime import datetime
from typing import Annotated, Any, ClassVar

from sqlalchemy import DateTime, FetchedValue, MetaData, Text, func, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSONB,
        list[str]: ARRAY(Text),
        uuid.UUID: UUID(as_uuid=True),
        datetime: DateTime(timezone=True),
    }


# The seed asks for uuid_generate_v4() (extension uuid-ossp); gen_random_uuid() is built into
# PostgreSQL 13+ and gives the same version-4 UUIDs without an extension.
UUID_DEFAULT = text("gen_random_uuid()")

UuidPk = Annotated[uuid.UUID, mapped_column(UUID(as_uuid=True), primary_key=True, server_default=UUID_DEFAULT)]
CreatedAt = Annotated[datetime | None, mapped_column(DateTime(timezone=True), server_default=func.now())]
UpdatedAt = Annotated[datetime | None, mapped_column(DateTime(timezone=True), server_default=func.now())]
Timestamp = Annotated[datetime | None, mapped_column(DateTime(timezone=True))]
# Not in the seed (migration 0009): the tenant of a row below a course, enrollment, session or chat identity,
# set by a trigger from its parent row so that row-level security compares one column.
TenantOfParent = Annotated[uuid.UUID, mapped_column(UUID(as_uuid=True), server_default=FetchedValue())]
EmptyJson = Annotated[dict[str, Any] | None, mapped_column(JSONB, server_default=text("'{}'::jsonb"))]
EmptyTextArray = Annotated[list[str] | None, mapped_column(ARRAY(Text), server_default=text("'{}'::text[]"))]


def one_of(column: str, values: tuple[str, ...]) -> str:
    """SQL for a CHECK that a column holds one of the seed's enumerated values."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"
