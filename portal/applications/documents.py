"""The application form, the CV, what the panel may read, and applying twice
(R-SEL1, R-SEL2, R-AC1, R-SEL5).

- Application form (R-SEL1): one answer against each criterion of the role's person
  specification, with the criterion beside it. Every essential criterion needs an answer;
  desirable ones are optional. The criterion is stored with the answer, worded as the
  applicant saw it, so the panel reads the same words.
- CV (R-SEL1, R-AC1): checked by its content (uploads.identify), stored under a name the server
  makes up, and given back only to the applicant's own browser and to the people who handle
  the recruitment's sent applications (access.can_manage), always as an attachment.
- Lived-experience disclosure: for each written answer, the applicant chooses whether the
  panel reads it in full or sees only that they have relevant experience. There is no default:
  they choose each one. `panel_view` is the one place that applies the choice.
- Applying twice: the browser or the signed-in person is offered the application they already
  have (`existing_applications`). An email address given on a second application that matches
  an earlier one is never confirmed on screen; a link to the earlier one is emailed to that
  address instead (`offer_existing`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal import outbox, publication
from portal.applications import access, uploads
from portal.applications.services import ensure_draft, record
from portal.auth.services import hash_token, normalise_email
from portal.errors import DomainError, NotFound, ValidationFailed
from portal.models import Application, ApplicationFile, Person, Recruitment
from portal.models.enums import ApplicationStatus, ContactChannel

CRITERION_ANSWER_MAX = 3000
COVER_NOTE_MAX = 2000
FULL, SUMMARY = "full", "summary"  # the two ways the panel may see a written answer

_MARKER = re.compile(r"^\s*(?:[-*•–—·▪◦‣]+|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])\s+")


# ---- the application form (R-SEL1) ----------------------------------------------------------

@dataclass(frozen=True)
class Criterion:
    key: str  # "essential-1", "desirable-3": stable while the published version is the same
    text: str
    essential: bool


def _lines(text: str | None) -> list[str]:
    """A criteria section as a list: one criterion a line, without blank lines or the
    bullets and numbers people type in front of them."""
    items = []
    for line in (text or "").splitlines():
        line = _MARKER.sub("", line).strip()
        if line:
            items.append(line)
    return items


def criteria(role: Recruitment, lang: str) -> list[Criterion]:
    """The person specification of the published role, essential criteria first, in the
    applicant's language (or the other one, if that section is empty there)."""
    sections = role.published_version.sections
    found = []
    for kind, essential in (("essential", True), ("desirable", False)):
        texts = sections.get(f"{kind}_criteria") or {}
        other = "en" if lang == "cy" else "cy"
        lines = _lines(texts.get(lang)) or _lines(texts.get(other))
        found += [Criterion(f"{kind}-{n}", line, essential)
                  for n, line in enumerate(lines, start=1)]
    return found


def save_criteria(session: Session, application: Application, shown: list[Criterion],
                  given: dict[str, str | None]) -> None:
    """The answers against each criterion shown. Every essential one needs an answer, each
    at most CRITERION_ANSWER_MAX characters; all problems are reported at once, by criterion,
    and nothing is saved until there are none."""
    ensure_draft(application)
    problems, saved = [], {}
    for criterion in shown:
        answer = (given.get(criterion.key) or "").strip()
        if criterion.essential and not answer:
            problems.append((criterion.key, _l(
                "Tell us how you meet this criterion: %(criterion)s",
                criterion=criterion.text)))
        elif len(answer) > CRITERION_ANSWER_MAX:
            problems.append((criterion.key, _l(
                "Keep your answer about ‘%(criterion)s’ to %(n)s characters or fewer",
                criterion=criterion.text, n=CRITERION_ANSWER_MAX)))
        elif answer:
            saved[criterion.key] = {"criterion": criterion.text, "answer": answer,
                                    "essential": criterion.essential}
    if problems:
        raise ValidationFailed(problems)
    application.answers = {**application.answers, "criteria": saved}
    record(session, application, "criteria_saved", answered=len(saved))
    session.flush()


# ---- the CV -----------------------------------------------------------------------------------

def upload_folder() -> Path:
    configured = current_app.config.get("UPLOAD_FOLDER")
    folder = Path(configured) if configured else Path(current_app.config["INSTANCE_DIR"]) / "uploads"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def cv_file(session: Session, application: Application) -> ApplicationFile | None:
    return session.scalar(sa.select(ApplicationFile).where(
        ApplicationFile.application_id == application.id, ApplicationFile.kind == "cv")
        .order_by(ApplicationFile.id.desc()).limit(1))


def save_cv(session: Session, application: Application, data: bytes | None,
            given_name: str | None, note: str | None) -> list[Path]:
    """Keep the CV (if a new one was chosen) and the optional covering note. Only the CV
    route needs a CV; with the application form it is optional (R-AC1: nobody needs a CV).

    The file is checked by its content, written under a server-made name and recorded as an
    ApplicationFile. A CV chosen before is replaced: the paths of the old files are returned
    so that the caller removes them once the change is committed (never before, so a failed
    save loses nothing). Raises DomainError on field "cv" or "note"."""
    ensure_draft(application)
    note = (note or "").strip() if application.route == "cv" else ""
    if len(note) > COVER_NOTE_MAX:
        raise DomainError(_l("Keep your covering note to %(n)s characters or fewer",
                             n=COVER_NOTE_MAX), field="note")
    existing = cv_file(session, application)
    old: list[Path] = []
    if data is None:
        if existing is None and application.route == "cv":
            raise DomainError(_l("Choose the file with your CV"), field="cv")
    else:
        uploads.check_size(len(data), current_app.config["CV_MAX_BYTES"])
        checked = uploads.identify(data)
        folder = upload_folder()
        for row in session.scalars(sa.select(ApplicationFile).where(
                ApplicationFile.application_id == application.id,
                ApplicationFile.kind == "cv")):
            old.append(folder / row.stored_name)
            session.delete(row)
        stored_name = secrets.token_hex(32)
        shown = uploads.display_name(given_name, checked.extension)
        row = ApplicationFile(application_id=application.id, kind="cv",
                              stored_name=stored_name, original_name=shown,
                              media_type=checked.media_type, size=len(data),
                              sha256=hashlib.sha256(data).hexdigest())
        session.add(row)
        session.flush()
        descriptor = os.open(folder / stored_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        application.answers = {**application.answers, "cv": {
            "name": shown, "size": len(data), "media_type": checked.media_type}}
        record(session, application, "cv_uploaded", media_type=checked.media_type)
    application.answers = {**application.answers, "cv_note": note}
    session.flush()
    return old


def remove_files(paths: list[Path]) -> None:
    """After commit: the files of a replaced CV."""
    for path in paths:
        path.unlink(missing_ok=True)


def file_for_download(session: Session, reference: str, file_id: int, secret: str | None,
                      person: Person | None) -> tuple[ApplicationFile, Path]:
    """An uploaded file and where it is, for the applicant's own browser (the draft's
    secret) or for someone who handles the recruitment's sent applications. For anyone
    else it does not exist (NotFound), so references and file ids cannot be probed."""
    application = session.scalar(sa.select(Application).where(
        Application.reference == (reference or "").strip().upper()))
    row = session.get(ApplicationFile, file_id) if application is not None else None
    if row is None or row.application_id != application.id:
        raise NotFound()
    own = bool(secret) and hmac.compare_digest(application.access_token_hash,
                                               hash_token(secret))
    if not own:
        recruitment = session.get(Recruitment, application.recruitment_id)
        if application.status != ApplicationStatus.SUBMITTED or not access.can_manage(
                session, person, recruitment):
            raise NotFound()
    path = upload_folder() / row.stored_name
    if not path.is_file():
        raise NotFound()
    return row, path


# ---- what the panel may read (lived-experience disclosure) ---------------------------------

@dataclass(frozen=True)
class WrittenAnswer:
    key: str
    label: str
    text: str


def written_answers(application: Application) -> list[WrittenAnswer]:
    """The applicant's own written answers, in the order they gave them."""
    answers = application.answers or {}
    found = []
    if application.route == "expression_of_interest" and answers.get("expression"):
        found.append(WrittenAnswer("expression", str(_l("Why you are interested")),
                                   answers["expression"]))
    given = answers.get("criteria") or {}

    def order(key: str) -> tuple[int, int]:
        kind, _dash, number = key.partition("-")
        return (0 if kind == "essential" else 1, int(number) if number.isdigit() else 0)

    if application.route == "application_form":
        for key in sorted(given, key=order):
            found.append(WrittenAnswer(key, given[key]["criterion"], given[key]["answer"]))
    if answers.get("cv_note"):  # the CV route's covering note, or one added to a form
        found.append(WrittenAnswer("cv_note", str(_l("Your covering note")),
                                   answers["cv_note"]))
    return found


def sharing_answered(application: Application) -> bool:
    chosen = (application.answers or {}).get("disclosure") or {}
    return all(chosen.get(a.key) in (FULL, SUMMARY) for a in written_answers(application))


def save_disclosure(session: Session, application: Application,
                    chosen: dict[str, str | None]) -> None:
    """For each written answer, whether the panel reads it in full or sees only that the
    applicant has relevant experience. Each must be chosen; there is no default."""
    ensure_draft(application)
    problems, saved = [], {}
    for answer in written_answers(application):
        choice = chosen.get(answer.key)
        if choice not in (FULL, SUMMARY):
            problems.append((answer.key, _l(
                "Choose how the panel sees your answer about ‘%(label)s’", label=answer.label)))
        else:
            saved[answer.key] = choice
    if problems:
        raise ValidationFailed(problems)
    application.answers = {**application.answers, "disclosure": saved}
    record(session, application, "disclosure_saved",
           full=sum(1 for c in saved.values() if c == FULL),
           summary=sum(1 for c in saved.values() if c == SUMMARY))
    session.flush()


def panel_view(application: Application) -> list[tuple[str, str | None, bool]]:
    """What a panel may read of the written answers: (label, text, shared in full). An answer
    the applicant keeps to themselves has no text: the panel sees only that they have
    relevant experience. An answer without a choice is treated the same way (the careful
    reading of silence)."""
    chosen = (application.answers or {}).get("disclosure") or {}
    view = []
    for answer in written_answers(application):
        full = chosen.get(answer.key) == FULL
        view.append((answer.label, answer.text if full else None, full))
    return view


# ---- applying twice -----------------------------------------------------------------------------

def existing_applications(session: Session, recruitment_id: int, drafts: dict[str, str],
                          person: Person | None) -> list[tuple[Application, bool]]:
    """The applications to this role that this browser holds (its saved secrets) or that the
    signed-in person has, withdrawn ones aside: (application, whether this browser opens it)."""
    references = [r for r in (drafts or {}) if isinstance(r, str)][:50]
    mine = Application.reference.in_(references) if references else sa.false()
    if person is not None and person.is_authenticated:
        mine = sa.or_(mine, Application.person_id == person.id)
    rows = session.scalars(sa.select(Application).where(
        Application.recruitment_id == recruitment_id,
        Application.status != ApplicationStatus.WITHDRAWN, mine)
        .order_by(Application.created_at.desc(), Application.id.desc()))
    found = []
    for application in rows:
        secret = (drafts or {}).get(application.reference)
        opens = isinstance(secret, str) and hmac.compare_digest(
            application.access_token_hash, hash_token(secret))
        if opens or (person is not None and person.is_authenticated
                     and application.person_id == person.id):
            found.append((application, opens))
    return found


def offer_existing(session: Session, application: Application, link_for) -> None:
    """After "about you": if the email address given is on another application to the same
    role, tell that address, once per pair, in that application's language, that they
    already have one and how to carry on with it. Nothing on screen says whether it matched
    (privacy). Nothing about the other application changes either: whoever typed the address
    cannot lock its owner out (no secret or code is replaced), and the email carries no key to
    it, only its reference and where to find the contact. `link_for` builds the role's
    link."""
    email = (application.contact or {}).get("email")
    if not email:
        return
    email = normalise_email(email)
    other = session.scalar(sa.select(Application).where(
        Application.recruitment_id == application.recruitment_id,
        Application.id != application.id,
        Application.status != ApplicationStatus.WITHDRAWN,
        Application.contact["email"].as_string() == email)
        .order_by(Application.created_at).limit(1))
    if other is None:
        return
    from portal.models import OutboxMessage

    key = f"application-existing:{other.id}:{application.id}"
    if session.scalar(sa.select(OutboxMessage.id).where(OutboxMessage.key == key)):
        return
    role = publication.get_published(session, other.recruitment_id)
    record(session, other, "existing_offered")
    outbox.queue_message_to(
        session, key=key, template="application_existing", channel=ContactChannel.EMAIL,
        language=other.language, recipient_email=email, application_id=other.id,
        organisation_id=role.board.organisation_id,
        payload={"reference": other.reference,
                 "title": publication.title(role, other.language.value),
                 "url": link_for(role.id, other.language.value),
                 "contact_name": role.contact_name, "contact_phone": role.contact_phone,
                 "contact_email": role.contact_email})
    session.flush()
