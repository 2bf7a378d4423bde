"""The catalog: what I may see, what I need to know, and what I can do about it."""

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from domain.learning import BrowseCatalog
from domain.models import Course, CoursePrerequisite
from tests.integration.learning.world import Sessions, add, world
from tests.support import factories
from tests.support.buttons import action_line


async def test_the_catalog_shows_duration_difficulty_instructor_prerequisites_and_enroll_buttons(db: Sessions) -> None:
    w = await world(db, course_fields={"estimated_duration": 3, "difficulty_level": "intermediate"})
    [reply] = await w.run(w.trainee, BrowseCatalog())
    code = w.course.course_code
    assert reply.text.splitlines() == [
        "*Courses you can take*",
        f"- *Security Basics* (`{code}`) · intermediate · 3 h · by Ada Lovelace · prerequisites met",
    ]
    assert [(b.label, action_line(b)) for b in reply.buttons] == [(f"Enroll in {code}", f"enroll {code}")]


async def test_the_catalog_holds_public_department_and_my_own_courses_only(db: Sessions) -> None:
    w = await world(db)
    published = {"status": "published"}

    async def courses(session: AsyncSession) -> dict[str, Course]:
        other_department = await factories.department(session, w.org)
        made = {
            "targeted": await factories.course(
                session, w.org, w.instructor, title="Targeted", department_id=w.department.id, **published
            ),
            "mine": await factories.course(session, w.org, w.instructor, title="Assigned to me", **published),
            "elsewhere": await factories.course(
                session, w.org, w.instructor, title="Elsewhere", department_id=other_department.id, **published
            ),
            "draft": await factories.course(session, w.org, w.instructor, title="Draft", is_public=True),
            "archived": await factories.course(
                session, w.org, w.instructor, title="Archived", is_public=True, status="archived"
            ),
        }
        await factories.enrollment(session, w.trainee, made["mine"], status="in_progress")
        return made

    made = await add(db, courses)
    [reply] = await w.run(w.trainee, BrowseCatalog())
    titles = [line.split("*")[1] for line in reply.text.splitlines()[1:]]
    assert titles == ["Assigned to me", "Security Basics", "Targeted"]
    assert reply.text.splitlines()[1].endswith("· you are taking it")  # no "prerequisites met" beside it
    assert action_line(reply.buttons[0]) == f"continue {made['mine'].course_code}"
    [admin_view] = await w.run(w.admin, BrowseCatalog())
    assert "Elsewhere" in admin_view.text
    assert "Draft" not in admin_view.text


async def test_the_catalog_says_which_prerequisites_are_missing(db: Sessions) -> None:
    w = await world(db)

    async def prerequisites(session: AsyncSession) -> None:
        for title, mandatory in (("Basics", True), ("Extras", False)):
            before = await factories.course(session, w.org, w.instructor, title=title)
            session.add(
                CoursePrerequisite(course_id=w.course.id, prerequisite_course_id=before.id, is_mandatory=mandatory)
            )

    await add(db, prerequisites)
    [reply] = await w.run(w.trainee, BrowseCatalog())
    assert reply.text.splitlines()[1].endswith("by Ada Lovelace · first complete: Basics · recommended first: Extras")


async def test_the_catalog_filters_by_tag_whatever_its_case(db: Sessions) -> None:
    w = await world(db, course_fields={"tags": ["security", "onboarding"]})
    await add(
        db, lambda s: factories.course(s, w.org, w.instructor, status="published", is_public=True, tags=["sales"])
    )
    [tagged] = await w.run(w.trainee, BrowseCatalog(tag="Security"))
    assert tagged.text.splitlines()[0] == "*Courses tagged Security*"
    assert len(tagged.text.splitlines()) == 2
    [none] = await w.run(w.trainee, BrowseCatalog(tag="cooking"))
    assert none.text == "No course open to you is tagged *cooking*."


async def test_a_trainee_of_another_organization_sees_none_of_its_courses(db: Sessions) -> None:
    await world(db)
    other = await world(db, layout=())
    await add(db, lambda s: s.execute(delete(Course).where(Course.id == other.course.id)))
    [reply] = await other.run(other.trainee, BrowseCatalog())
    assert reply.text == "There are no courses open to you right now."
