"""What administration says: errors, import report lines and confirmations, in one place."""

# Where a problem is.
LINE = "line {line}"
THE_FILE = "the file"
THE_USER = "the person"

# Organizations.
ORGANIZATION_NAME_INVALID = "An organization needs a name of 1 to {limit} characters."
SLUG_INVALID = (
    "slug '{slug}' is not URL-friendly: use lowercase letters, digits and single hyphens between them "
    "(e.g. 'acme-corp'), at most 63 characters"
)
SLUG_TAKEN = "An organization with the slug '{slug}' already exists. `learnbot org list` shows them."
NO_SUCH_SLUG = "No organization has the slug '{slug}'. `learnbot org list` shows them."
INVITE_INACTIVE = "{name} ({email}) is deactivated; reactivate them before inviting them."
ORGANIZATION_TAKEN = "The organization name '{name}' or slug '{slug}' is already taken by another organization."
SETTINGS_NOT_AN_OBJECT = 'Settings must be a JSON object, e.g. {{"timezone": "Europe/Berlin"}}: {problem}.'

# Departments.
DEPARTMENT_CODE_INVALID = (
    "department code '{code}' is not valid: use letters, digits, '-' and '_' (e.g. IT, SALES-EU), at most 50"
)
DEPARTMENT_NAME_INVALID = "A department needs a name of 1 to {limit} characters."
DEPARTMENT_REPEATED = "department '{code}' is already listed at {where}"
MANAGER_UNKNOWN = "No one with the email '{email}' belongs to this organization, so they cannot manage a department."
DEPARTMENT_UNKNOWN = "department '{code}' does not exist in this organization"

# One person's fields (import report reasons: "line 7: email 'x' is not a valid address").
FIELD_MISSING = "{field} is missing"
FIELD_TOO_LONG = "{field} is longer than {limit} characters"
EMAIL_INVALID = "email '{email}' is not a valid address"
PHONE_INVALID = "phone '{phone}' is not a phone number (digits, '+', spaces and dashes; at most 20 characters)"
ROLE_UNKNOWN = "role '{role}' is unknown (use admin, instructor or trainee)"
EMPLOYEE_ID_REPEATED = "employee_id '{employee_id}' is already used at {where}"
EMAIL_REPEATED = "email '{email}' is already used at {where}"
EMAIL_BELONGS_TO = "email '{email}' belongs to another person of this organization (employee_id '{employee_id}')"
SAME_PERSON_AS = "this is the same person as at {where}"
EMAIL_REGISTERED_ELSEWHERE = "email '{email}' is already registered with another organization"

# The CSV file as a whole.
CSV_EMPTY = "The file is empty: its first line must name the columns (employee_id, email, first_name, last_name, ...)."
CSV_UNKNOWN_COLUMNS = "The file has columns LearnBot does not know: {columns}. The known columns are: {known}."
CSV_REPEATED_COLUMNS = "The file names these columns more than once: {columns}."
CSV_MISSING_COLUMNS = "The file lacks the required columns: {columns}."
CSV_TOO_MANY_VALUES = "has {found} values but the header names {expected} columns"
CSV_UNREADABLE = "The file is not valid CSV near line {line}: {problem}."
IMPORT_RACED = "Someone changed these people at the same moment, so nothing was imported. Please run it again."

# The organization file.
FILE_NOT_YAML = "The organization file is not valid YAML (near {where}); nothing was loaded."
FILE_PROBLEMS = "The organization file has problems, so nothing was loaded: {problems}"
FIELD_NOT_ALLOWED = "not a known field"
PEOPLE_NOT_LOADED = "No departments or people were loaded: {problems}"
ONLY_ORGANIZATION_SAVED = "Organization {slug} was {outcome}, but no departments or people were loaded: {problems}"

# People, one at a time.
USER_NOT_FOUND = "No one with the email '{email}' belongs to this organization."
USER_INVALID = "Cannot add this person: {problems}."
USER_EXISTS = (
    "This organization already has {email} (employee_id '{employee_id}'). Use `learnbot user import` to update people."
)
USER_EXISTS_IN_CHAT = (
    "{name} is already here ({email}, employee_id '{employee_id}', {role}). "
    "Reply *yes* to update them with the details you gave, or type any command to leave them as they are."
)
USER_NOT_UPDATED = "Cannot update this person: {problems}."
USER_UPDATED = "Updated {name} ({email}, {role})."
USER_UNCHANGED = "{name} ({email}) already has these details; nothing changed."
ROLE_UNKNOWN_ALONE = "The role '{role}' is unknown. Use admin, instructor or trainee."
USER_ADDED = "Added {name} ({email}) as {role}."
ROLE_SET = "{name} ({email}) is now {role}."
ROLE_ALREADY = "{name} ({email}) already is {role}; nothing changed."
DEACTIVATED = "{name} ({email}) is deactivated: they can no longer use LearnBot, and their history stays."
ALREADY_DEACTIVATED = "{name} ({email}) already is deactivated; nothing changed."
REACTIVATED = "{name} ({email}) is active again."
ALREADY_ACTIVE = "{name} ({email}) already is active; nothing changed."
DEPARTMENT_SAVED = "Department {code}: {outcome}."
NOT_YOUR_OWN_ACCOUNT = "You cannot change your own role or deactivate yourself; ask another admin."

# What an admin-only action is called in "Only admins can ...".
DOING_ADD_PEOPLE = "add people"
DOING_MANAGE_DEPARTMENTS = "manage departments"
DOING_CHANGE_ROLES = "change roles"
DOING_DEACTIVATE = "deactivate or reactivate people"

# The command line.
ORGANIZATION_CREATED = "Created organization {name} (slug {slug})."
NO_ORGANIZATIONS = "No organizations yet. Create one with `learnbot org create --name NAME --slug SLUG`."
NO_DEPARTMENTS = "No departments yet. Add one with `learnbot department add`."
NO_USERS = "No people yet. Add them with `learnbot user add` or `learnbot user import`."
IMPORT_SUMMARY = "created {created}, updated {updated}, unchanged {unchanged}"
IMPORT_ERRORS = "{count} row(s) with errors:"
IMPORT_REFUSED = "Strict mode: nothing was imported because {count} row(s) have errors."
LOADED = "Organization {slug}: {organization}; departments: {departments}; people: {people}."
FILE_UNREADABLE = "Cannot read {path}: {problem}."
FILE_NOT_UTF8 = "{path} is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in spreadsheet programs) and try again."
