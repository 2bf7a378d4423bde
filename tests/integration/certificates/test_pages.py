"""The public pages: what anyone with the link sees, the PDF, the verify form, revocation and expiry."""

import io
from pathlib import Path

from pypdf import PdfReader

from adapters.console.session import ConsoleSession
from domain.models import Certificate
from tests.integration.certificates.conftest import Client
from tests.integration.certificates.support import Certified, certificates, owner_rows
from tests.integration.learning.world import Sessions, audit_actions


def console(c: Certified, email: str) -> ConsoleSession:
    return ConsoleSession(c.services.chat, c.services.codec, email)


async def test_the_page_shows_holder_course_organization_dates_and_that_it_is_valid(
    issued: tuple[Certified, Certificate], client: Client
) -> None:
    c, certificate = issued
    response = await client.get(f"/certificates/{certificate.verification_token}")
    page = await response.text()

    assert response.status == 200
    assert "Valid certificate" in page
    assert f"{c.w.trainee.first_name} {c.w.trainee.last_name}" in page
    assert "Security Basics" in page
    assert c.w.org.name in page
    assert certificate.certificate_number in page
    assert "linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in page
    assert "script-src" not in response.headers["Content-Security-Policy"]  # default-src 'none': no scripts
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


async def test_an_unknown_token_gets_a_plain_404_page(client: Client) -> None:
    for path in ("/certificates/" + "0" * 64, "/certificates/" + "0" * 64 + ".pdf", "/certificates/nope"):
        response = await client.get(path)
        body = await response.text()
        assert response.status == 404, path
        assert "Traceback" not in body


async def test_the_pdf_holds_the_holders_name_and_the_number(
    issued: tuple[Certified, Certificate], client: Client, tmp_path: Path
) -> None:
    c, certificate = issued
    response = await client.get(f"/certificates/{certificate.verification_token}.pdf")
    body = await response.read()

    assert response.status == 200
    assert response.headers["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(body)).pages[0].extract_text()
    assert f"{c.w.trainee.first_name} {c.w.trainee.last_name}" in text
    assert certificate.certificate_number in text
    assert list((tmp_path / "certificates").rglob("*.pdf"))  # kept under the configured directory


async def test_an_admin_revokes_by_chat_and_the_page_shows_it_at_once(
    issued: tuple[Certified, Certificate], client: Client, db: Sessions
) -> None:
    c, certificate = issued
    refused = await console(c, c.w.trainee.email).say(f"revoke {certificate.certificate_number} I want to")
    said = await console(c, c.w.admin.email).say(f"revoke {certificate.certificate_number} Issued by mistake")
    again = await console(c, c.w.admin.email).say(f"revoke {certificate.certificate_number} twice")
    page = await (await client.get(f"/certificates/{certificate.verification_token}")).text()

    assert refused == "Only admins can revoke certificates."
    assert said.startswith(f"Certificate {certificate.certificate_number} (")
    assert "was already revoked" in again
    assert "Revoked on" in page
    assert "Reason: Issued by mistake" in page
    [revoked] = await certificates(db)
    assert revoked.is_valid is False
    assert revoked.revoked_reason == "Issued by mistake"
    assert "certificate.revoked" in await audit_actions(db, certificate.id)


async def test_an_unknown_number_is_a_friendly_error_that_changes_nothing(
    issued: tuple[Certified, Certificate], db: Sessions
) -> None:
    c, _ = issued
    said = await console(c, c.w.admin.email).say("revoke CERT-1999-00000001 because")

    assert said.startswith("No certificate has the number CERT-1999-00000001.")
    assert all(x.is_valid for x in await certificates(db))


async def test_an_expired_certificate_says_so(
    issued: tuple[Certified, Certificate], client: Client, db: Sessions
) -> None:
    _, certificate = issued
    await owner_rows(
        db, "UPDATE certificates SET expires_at = now() - interval '1 day' WHERE id = :i", i=certificate.id
    )

    page = await (await client.get(f"/certificates/{certificate.verification_token}")).text()

    assert "Expired on" in page
    assert "Valid certificate" not in page


async def test_the_verify_form_finds_a_certificate_by_number_and_last_name(
    issued: tuple[Certified, Certificate], client: Client
) -> None:
    c, certificate = issued
    number, last = certificate.certificate_number, c.w.trainee.last_name
    found = await client.get(
        "/certificates/verify", params={"number": number.lower(), "last_name": last.upper()}, allow_redirects=False
    )
    wrong = await client.get("/certificates/verify", params={"number": number, "last_name": "Someone"})
    form = await client.get("/certificates/verify")

    assert found.status == 303
    assert found.headers["Location"].endswith(f"/certificates/{certificate.verification_token}")
    assert wrong.status == 404
    assert "No certificate matches this number and last name" in await wrong.text()
    assert form.status == 200
    assert 'name="last_name"' in await form.text()


async def test_the_trainee_lists_their_certificates_with_links_and_state(
    issued: tuple[Certified, Certificate],
) -> None:
    c, certificate = issued
    said = await console(c, c.w.trainee.email).say("certificates")
    nothing = await console(c, c.w.instructor.email).say("certificates")

    assert certificate.certificate_number in said
    assert f"https://learn.example/certificates/{certificate.verification_token}" in said
    assert ": valid." in said
    assert nothing == "You have no certificates yet. Complete a certified course to earn one."


async def test_a_certificate_written_by_sql_gets_a_token_and_its_page(
    issued: tuple[Certified, Certificate], client: Client, db: Sessions
) -> None:
    _, certificate = issued
    await owner_rows(db, "UPDATE certificates SET revoked_at = now(), is_valid = false WHERE id = :i", i=certificate.id)
    [(token,)] = await owner_rows(
        db,
        "INSERT INTO certificates (enrollment_id, template_id) SELECT enrollment_id, template_id FROM certificates "
        "WHERE id = :i RETURNING verification_token",
        i=certificate.id,
    )

    page = await (await client.get(f"/certificates/{token}")).text()

    assert len(token) == 64
    assert "Valid certificate" in page
