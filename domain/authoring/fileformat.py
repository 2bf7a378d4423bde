"""Course files as text: YAML (or JSON) in, YAML out."""

import json
from collections.abc import Hashable
from typing import Any

import yaml

from domain.authoring import texts
from domain.errors import InvalidInput


class UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a mapping with the same key twice (PyYAML would keep the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, Hashable) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, texts.DUPLICATE_FIELD.format(field=key), key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


class BlockTextDumper(yaml.SafeDumper):
    """Writes text with line breaks as literal blocks (`|`), the way people write them."""


def represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


BlockTextDumper.add_representer(str, represent_text)


def parse_document(text: str, name: str) -> Any:
    """The document in `text` (JSON when `name` ends in .json, else YAML); InvalidInput in one line if unreadable."""
    if name.lower().endswith(".json"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            where = f"line {error.lineno}, column {error.colno}"
            raise InvalidInput(texts.UNREADABLE.format(name=name, kind="JSON", where=where, why=error.msg)) from None
    try:
        return yaml.load(text, Loader=UniqueKeyLoader)  # a SafeLoader: builds plain data only
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        why = getattr(error, "problem", None) or str(error)
        raise InvalidInput(texts.UNREADABLE.format(name=name, kind="YAML", where=where, why=why)) from None


def to_yaml(document: Any) -> str:
    return yaml.dump(document, Dumper=BlockTextDumper, sort_keys=False, allow_unicode=True, width=100)
