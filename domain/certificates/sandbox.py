"""Certificate templates come from organization admins: rendered by Jinja2 in its immutable sandbox.

No loader (no {% include %} or {% extends %}: nothing is read from disk), autoescaping on (a trainee named
"<script>" prints as text), no access to Python internals (the sandbox refuses attribute tricks such as
`''.__class__`) and immutable values (no `.append` on the fields). A template is checked when it is imported
(`check_template`), and one written straight into the table that fails at render time falls back to the
built-in default. The page serving the result forbids scripts (Content-Security-Policy), so markup in a
template itself stays inert, and the PDF renderer fetches data: URLs only (no file:// or network reads).
"""

from functools import lru_cache
from typing import Any

from jinja2 import Template, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

# Far beyond any certificate; stops a template that multiplies its output (nested loops over range()).
MAX_TEMPLATE_CHARACTERS = 200_000
MAX_OUTPUT_CHARACTERS = 2_000_000

ENVIRONMENT = ImmutableSandboxedEnvironment(autoescape=True, loader=None, auto_reload=False, cache_size=400)


class UnsafeTemplate(Exception):
    """The template cannot be used: a syntax error, something the sandbox refused, or too large."""


@lru_cache(maxsize=256)
def compiled(source: str) -> Template:
    return ENVIRONMENT.from_string(source)


def render_sandboxed(source: str, values: dict[str, Any]) -> str:
    """The template rendered with `values`; UnsafeTemplate when it is refused."""
    if len(source) > MAX_TEMPLATE_CHARACTERS:
        raise UnsafeTemplate(f"the template is longer than {MAX_TEMPLATE_CHARACTERS:,} characters")
    try:
        template = compiled(source)
        parts: list[str] = []
        size = 0
        for chunk in template.generate(values):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARACTERS:
                raise UnsafeTemplate(f"the template writes more than {MAX_OUTPUT_CHARACTERS:,} characters")
            parts.append(chunk)
    except TemplateError as error:  # SecurityError, TemplateSyntaxError, UndefinedError are all TemplateErrors
        raise UnsafeTemplate(f"{type(error).__name__}: {error.message or error}") from None
    except (ArithmeticError, TypeError, ValueError, RecursionError) as error:
        raise UnsafeTemplate(f"the template failed: {error}") from None
    return "".join(parts)


def inert_css(css: str | None) -> str:
    """CSS that cannot end its <style> element (and so cannot add markup to the page)."""
    return (css or "").replace("</", "<\\/")
