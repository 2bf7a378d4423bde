"""What an import decides for each row: match by employee_id then email, create, update, leave, or refuse."""

import uuid
from dataclasses import replace

from domain.models.enums import Role
from domain.organizations.import_plan import ExistingUser, plan_import
from domain.organizations.user_rows import UserRow

IT = uuid.uuid4()
HR = uuid.uuid4()
DEPARTMENTS = {"IT": IT, "HR": HR}

TOM = ExistingUser(
    id=uuid.uuid4(),
    employee_id="E1",
    email="tom@acme.example",
    username="tom",
    first_name="Tom",
    last_name="Trainee",
    department_id=IT,
    role="trainee",
    phone="+1 555 0101",
    position="Support Engineer",
)


def row(where: str = "line 2", **fields: object) -> UserRow:
    values: dict[str, object] = {
        "employee_id": "E1",
        "email": "tom@acme.example",
        "first_name": "Tom",
        "last_name": "Trainee",
        "department_code": "IT",
        "role": Role.TRAINEE,
        "phone": "+1 555 0101",
        "position": "Support Engineer",
    }
    return UserRow(where=where, **{**values, **fields})  # type: ignore[arg-type]


def test_a_new_person_is_created_as_a_trainee_with_a_username_from_their_email() -> None:
    plan = plan_import([row(employee_id="E9", email="nina.new@acme.example", role=None)], DEPARTMENTS, [TOM])
    assert plan.errors == []
    [new] = plan.creates
    assert new.username == "nina.new"
    assert new.values["role"] == "trainee"
    assert new.values["department_id"] == IT


def test_the_same_values_again_change_nothing() -> None:
    plan = plan_import([row()], DEPARTMENTS, [TOM])
    assert (plan.creates, plan.updates, plan.unchanged) == ([], [], 1)


def test_a_person_is_matched_by_employee_id_and_gets_the_new_values() -> None:
    plan = plan_import([row(email="thomas@acme.example", department_code="HR")], DEPARTMENTS, [TOM])
    [change] = plan.updates
    assert change.user_id == TOM.id
    assert change.before == {"email": "tom@acme.example", "department_id": IT}
    assert change.after == {"email": "thomas@acme.example", "department_id": HR}


def test_a_person_with_a_new_employee_id_is_matched_by_email() -> None:
    plan = plan_import([row(employee_id="E1-NEW")], DEPARTMENTS, [TOM])
    [change] = plan.updates
    assert change.user_id == TOM.id
    assert change.after == {"employee_id": "E1-NEW"}
    assert plan.creates == []


def test_empty_optional_fields_keep_what_the_person_has() -> None:
    promoted = replace(TOM, role="instructor")
    plan = plan_import([row(department_code=None, role=None, phone=None, position=None)], DEPARTMENTS, [promoted])
    assert plan.updates == []
    assert plan.unchanged == 1


def test_usernames_stay_unique_among_existing_people_and_within_the_file() -> None:
    rows = [
        row("line 2", employee_id="E7", email="tom@other.example"),
        row("line 3", employee_id="E8", email="tom@third.example"),
    ]
    plan = plan_import(rows, DEPARTMENTS, [TOM])
    assert [new.username for new in plan.creates] == ["tom-2", "tom-3"]


def test_repeated_employee_ids_and_emails_in_the_file_are_refused_after_their_first_line() -> None:
    rows = [
        row("line 2", employee_id="E7", email="a@acme.example"),
        row("line 3", employee_id="E7", email="b@acme.example"),
        row("line 4", employee_id="E8", email="a@acme.example"),
    ]
    plan = plan_import(rows, DEPARTMENTS, [])
    assert [new.where for new in plan.creates] == ["line 2"]
    assert [str(error) for error in plan.errors] == [
        "line 3: employee_id 'E7' is already used at line 2",
        "line 4: email 'a@acme.example' is already used at line 2",
    ]


def test_an_unknown_department_is_refused() -> None:
    plan = plan_import([row(department_code="MARKETING")], DEPARTMENTS, [TOM])
    assert [str(error) for error in plan.errors] == [
        "line 2: department 'MARKETING' does not exist in this organization"
    ]
    assert plan.updates == []


def test_taking_another_persons_email_is_refused() -> None:
    hana = replace(TOM, id=uuid.uuid4(), employee_id="E2", email="hana@acme.example", username="hana")
    plan = plan_import([row(email="hana@acme.example")], DEPARTMENTS, [TOM, hana])
    assert [str(error) for error in plan.errors] == [
        "line 2: email 'hana@acme.example' belongs to another person of this organization (employee_id 'E2')"
    ]


def test_two_rows_that_match_the_same_person_are_refused_after_the_first() -> None:
    rows = [row("line 2", employee_id="E1-NEW"), row("line 3", email="thomas@acme.example")]
    plan = plan_import(rows, DEPARTMENTS, [TOM])
    assert [change.where for change in plan.updates] == ["line 2"]
    assert [str(error) for error in plan.errors] == ["line 3: this is the same person as at line 2"]
