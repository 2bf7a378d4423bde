"""Certificate templates come from organization admins: rendered by Jinja2 in its immutable sandbox, bounded.

The sandbox refuses access to Python internals (`''.__class__`) and changes to values (`fields.update`);
there is no loader, so no {% include %}, {% extends %} or {% import %} reads anything; autoescaping is on
(a trainee named "<script>" prints as text). Jinja's sandbox does not bound time or memory, so this one does:
- no nested loops, no macros or call blocks, at most MAX_LOOPS loops; range() yields at most MAX_RANGE items;
- `*` and `**` refuse results beyond MAX_SIZE items or digits, string `%` formatting is refused, a method
  call refuses a number beyond MAX_SIZE (`'x'.center(10**9)`) and str.format is refused (its widths);
- only filters that cannot multiply their input are available;
- the output stops at MAX_OUTPUT_CHARACTERS.
A template is checked when it is imported; one written straight into the table that fails at render time
falls back to the built-in default. The page serving the result forbids scripts (Content-Security-Policy),
and the PDF renderer fetches data: URLs only (no file:// or network reads).
"""

from functools import lru_cache
from typing import Any

from jinja2 import Template, TemplateError, nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_TEMPLATE_CHARACTERS = 200_000
MAX_OUTPUT_CHARACTERS = 2_000_000
MAX_LOOPS = 20
MAX_RANGE = 1_000
MAX_SIZE = 100_000
SAFE_FILTERS = [
    "abs",
    "capitalize",
    "count",
    "d",
    "default",
    "dictsort",
    "e",
    "escape",
    "first",
    "float",
    "int",
    "join",
    "last",
    "length",
    "list",
    "lower",
    "max",
    "min",
    "replace",
    "reverse",
    "round",
    "sort",
    "string",
    "striptags",
    "sum",
    "title",
    "trim",
    "truncate",
    "unique",
    "upper",
    "urlencode",
    "wordcount",
]


def capped_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise SecurityError(f"range() gives at most {MAX_RANGE} numbers here")
    return numbers


def sized(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple) else 0


class CertificateSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Context, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "*":
            count = right if sized(left) else left
            if (
                (sized(left) or sized(right))
                and isinstance(count, int)
                and count * max(sized(left), sized(right)) > MAX_SIZE
            ):
                raise SecurityError("the template multiplies a value beyond the limit")
        elif operator_ == "**":
            if not (isinstance(right, int | float) and abs(right) <= 64 and abs(left) <= 10**6):
                raise SecurityError("the template raises a number beyond the limit")
        elif isinstance(left, str | bytes):
            raise SecurityError("string formatting with % is not available; use ~ to join text")
        return super().call_binop(context, operator_, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        if getattr(__obj, "__name__", None) in ("format", "format_map") and isinstance(
            getattr(__obj, "__self__", None), str
        ):
            raise SecurityError("str.format is not available in certificate templates")
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and abs(value) > MAX_SIZE:
                raise SecurityError("the template passes a number beyond the limit")
        return super().call(__context, __obj, *args, **kwargs)


ENVIRONMENT = CertificateSandbox(autoescape=True, loader=None, auto_reload=False, cache_size=0)
ENVIRONMENT.filters = {name: ENVIRONMENT.filters[name] for name in SAFE_FILTERS}
ENVIRONMENT.globals = {"range": capped_range}


class UnsafeTemplate(Exception):
    """The template cannot be used: a syntax error, something the sandbox refused, or too large."""


def check_shape(tree: nodes.Template) -> None:
    """Refuse what could run for a long time however small the template: nested loops, macros."""
    if any(True for _ in tree.find_all((nodes.Macro, nodes.CallBlock))):
        raise UnsafeTemplate("macros and call blocks are not available in certificate templates")
    loops = list(tree.find_all(nodes.For))
    if len(loops) > MAX_LOOPS:
        raise UnsafeTemplate(f"a certificate template has at most {MAX_LOOPS} loops")
    for loop in loops:
        if loop.recursive or any(True for _ in loop.find_all(nodes.For)):
            raise UnsafeTemplate("loops inside loops are not available in certificate templates")


@lru_cache(maxsize=256)
def compiled(source: str) -> Template:
    if len(source) > MAX_TEMPLATE_CHARACTERS:
        raise UnsafeTemplate(f"the template is longer than {MAX_TEMPLATE_CHARACTERS:,} characters")
    try:
        check_shape(ENVIRONMENT.parse(source))
        return ENVIRONMENT.from_string(source)
    except TemplateError as error:
        raise UnsafeTemplate(f"{type(error).__name__}: {error.message or error}") from None


def render_sandboxed(source: str, values: dict[str, Any]) -> str:
    """The template rendered with `values`; UnsafeTemplate when it is refused."""
    template = compiled(source)
    try:
        parts: list[str] = []
        size = 0
        for chunk in template.generate(values):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARACTERS:
                raise UnsafeTemplate(f"the template writes more than {MAX_OUTPUT_CHARACTERS:,} characters")
            parts.append(chunk)
    except TemplateError as error:  # SecurityError, UndefinedError, TemplateRuntimeError...
        raise UnsafeTemplate(f"{type(error).__name__}: {error.message or error}") from None
    except (ArithmeticError, TypeError, ValueError, LookupError, RecursionError, MemoryError) as error:
        raise UnsafeTemplate(f"the template failed: {error}") from None
    return "".join(parts)


def inert_css(css: str | None) -> str:
    """CSS that cannot end its <style> element (and so cannot add markup to the page)."""
    return (css or "").replace("</", "<\\/")
