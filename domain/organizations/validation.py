"""The shapes of names people type: slugs, department codes, email addresses, phone numbers, usernames.

Each `check_*` function returns the normalized value or None when it is not acceptable, so callers can
report the problem in their own words (a CLI error, or one line of a CSV import report).
"""

import re

from domain.models.enums import Role

# Lowercase letters and digits in hyphen-separated words; 63 characters fit a DNS label, so a slug
# can become a subdomain later.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX = 63

DEPARTMENT_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]*")
DEPARTMENT_CODE_MAX = 50

# A pragmatic address check (RFC 5322 dot-atom local part, DNS host names, an alphabetic top-level
# domain); it never contacts DNS. Quoted local parts and IP-literal domains are refused on purpose.
EMAIL = re.compile(
    r"(?P<local>[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*)"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)
EMAIL_MAX = 254
EMAIL_LOCAL_MAX = 64

PHONE = re.compile(r"\+?[0-9 -]*[0-9][0-9 -]*")
PHONE_MAX = 20

USERNAME_MAX = 100
# Room left after the base for a suffix that makes a username unique ("-2", "-a3f9c1").
USERNAME_BASE_MAX = USERNAME_MAX - 10
USERNAME_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def check_slug(raw: str) -> str | None:
    slug = raw.strip()
    return slug if len(slug) <= SLUG_MAX and SLUG.fullmatch(slug) else None


def check_department_code(raw: str) -> str | None:
    """Codes are compared in upper case, so 'it' and 'IT' are the same department."""
    code = raw.strip().upper()
    return code if len(code) <= DEPARTMENT_CODE_MAX and DEPARTMENT_CODE.fullmatch(code) else None


def normalize_email(raw: str) -> str:
    return raw.strip().lower()


def check_email(raw: str) -> str | None:
    email = normalize_email(raw)
    match = EMAIL.fullmatch(email)
    if match is None or len(email) > EMAIL_MAX or len(match["local"]) > EMAIL_LOCAL_MAX:
        return None
    return email


def check_phone(raw: str) -> str | None:
    phone = raw.strip()
    return phone if len(phone) <= PHONE_MAX and PHONE.fullmatch(phone) else None


def check_role(raw: str) -> Role | None:
    try:
        return Role(raw.strip().lower())
    except ValueError:
        return None


def username_base(email: str) -> str:
    """The email's local part, reduced to characters that are safe in a username."""
    local = email.partition("@")[0].lower()
    base = USERNAME_UNSAFE.sub("", local).strip("._-")[:USERNAME_BASE_MAX].strip("._-")
    return base or "user"


def unique_username(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... : the first one not in `taken`."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
