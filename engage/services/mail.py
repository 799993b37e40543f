"""Email to staff (password resets, invitations) through the SMTP server in the settings.

Sent as a background job, so a request that sends mail takes as long as one that does not:
the reset page gives nothing away by its speed. Without ``ENGAGE_SMTP_HOST`` a development
server writes the message to its log (so quickstart works without a mail server); a
production server logs only that nothing was sent, never the link.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage

from flask import current_app

from engage import jobs

log = logging.getLogger(__name__)


def send(to: str, subject: str, body: str) -> None:
    jobs.enqueue("engage.services.mail:deliver", to, subject, body)


def deliver(to: str, subject: str, body: str) -> None:
    config = current_app.config
    if not config.get("ENGAGE_SMTP_HOST"):
        if config["ENGAGE_ENV"] == "production":
            log.error("ENGAGE_SMTP_HOST is not set: an email to staff was not sent")
        else:
            log.warning("ENGAGE_SMTP_HOST is not set; the email is here instead:\n%s", body)
        return
    message = EmailMessage()
    message["From"] = config["ENGAGE_MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    security = config["ENGAGE_SMTP_SECURITY"]
    context = ssl.create_default_context()
    host, port = config["ENGAGE_SMTP_HOST"], config["ENGAGE_SMTP_PORT"]
    if security == "tls":
        smtp = smtplib.SMTP_SSL(host, port, timeout=30, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=30)
    with smtp:
        if security == "starttls":
            smtp.starttls(context=context)
        if config.get("ENGAGE_SMTP_USERNAME"):
            smtp.login(config["ENGAGE_SMTP_USERNAME"], config["ENGAGE_SMTP_PASSWORD"])
        smtp.send_message(message)
