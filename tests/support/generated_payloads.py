"""Hypothesis strategies for platform payloads of every shape: genuine ones, genuine ones with any field replaced by
any JSON value or removed, and JSON that is no payload at all. A count of what was tried, for the report."""

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import strategies as st

JsonPath = tuple[str | int, ...]

LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.sampled_from([0, -1, 2**31, 2**53, 2**63, -(2**63)])
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=24)
)
ANY_JSON = st.recursive(
    LEAVES,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)

# Shapes tried and answers given, per platform, printed at the end of the run (`pytest -s`).
TALLY: Counter[str] = Counter()


def paths(value: Any, prefix: JsonPath = ()) -> Iterator[JsonPath]:
    """Every place in `value` a field sits (object keys and list positions), depth first."""
    items: list[tuple[str | int, Any]] = []
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    for key, child in items:
        yield (*prefix, key)
        yield from paths(child, (*prefix, key))


def _parent(value: Any, path: JsonPath) -> Any:
    for key in path[:-1]:
        value = value[key]
    return value


@st.composite
def mutated(draw: st.DrawFn, genuine: st.SearchStrategy[dict[str, Any]], most: int = 3) -> dict[str, Any]:
    """A genuine payload with up to `most` fields replaced by any JSON value or removed."""
    payload = draw(genuine)
    for _ in range(draw(st.integers(min_value=0, max_value=most))):
        places = list(paths(payload))
        if not places:
            break
        path = draw(st.sampled_from(places))
        parent = _parent(payload, path)
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(ANY_JSON)
    return payload


def of_every_shape(genuine: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[tuple[bool, Any]]:
    """(True, a genuine payload), or (False, a mutated one or any JSON at all): mutated ones the most."""
    return st.one_of(
        st.tuples(st.just(True), genuine),
        st.tuples(st.just(False), mutated(genuine)),
        st.tuples(st.just(False), mutated(genuine, most=1)),
        st.tuples(st.just(False), ANY_JSON),
    )


def fresh(make: Callable[[], dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """A strategy of payloads made anew each time (they are mutated in place)."""
    return st.builds(make)
