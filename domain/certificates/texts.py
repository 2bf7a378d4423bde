"""What the certificates area says in the chat and on the command line."""

ISSUED = "🎓 Your certificate for *{title}* is ready (no. `{number}`): {url}"
ADD_TO_LINKEDIN = "[Add to LinkedIn]({url})"
VIEW = "View certificate"

NONE_YET = "You have no certificates yet. Complete a certified course to earn one."
LIST_HEADER = "*Your certificates*"
LIST_LINE = "- *{title}* ({code}), no. `{number}`: {state}. {url}"
STATES = {
    "valid": "valid",
    "expired": "expired on {expired}",
    "revoked": "revoked on {revoked}",
}
VALID_UNTIL = "valid until {date}"

REVOKED = "Certificate {number} ({holder}, {title}) is revoked: {reason}"
ALREADY_REVOKED = "Certificate {number} was already revoked on {date}."
NO_SUCH_CERTIFICATE = (
    "No certificate has the number {number}. `certificates` lists yours; numbers look like CERT-2026-00000001."
)
ONLY_ADMINS_REVOKE = "revoke certificates"

EXPIRES_SOON = (
    "⏳ Your certificate for *{title}* (no. `{number}`) expires on {date}, in {days} days. "
    "Tap Recertify to take the course again and stay certified. {url}"
)
RECERTIFY = "Recertify"
ALREADY_RECERTIFYING = "You are already enrolled in *{title}* and on your way: finish it to get your new certificate."
RECERTIFYING = "🔁 You are enrolled in *{title}* again. Complete it to renew your certificate."
NOT_CERTIFIED_COURSE = "*{title}* does not give a certificate."
