"""Applying with a CV (R-SEL1, R-AC1): accepted by content, never by name; stored under a name
the server makes up; served only to the applicant and the people handling the recruitment, as
an attachment. Upload attacks are refused and leave nothing behind."""

from __future__ import annotations

import io
import zipfile

import pytest
import sqlalchemy as sa

from portal.applications import uploads
from portal.errors import DomainError
from portal.models import Application, ApplicationFile, GroupMember, RoleDescriptionVersion
from portal.models.enums import ApplicationStatus, MemberKind, MemberStatus
from tests import factories
from tests.applications import cv_files
from tests.applications.test_documents import begin


@pytest.fixture
def folder(app, data_app, tmp_path, monkeypatch):
    """Uploads go to this test's own folder."""
    for application in (app, data_app):
        monkeypatch.setitem(application.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


@pytest.fixture
def role(data_app, db_session):
    role = factories.published_role(db_session, title="Carer representative",
                                    title_cy="Cynrychiolydd gofalwyr")
    db_session.get(RoleDescriptionVersion, role.published_version_id).selection_methods = [
        "cv", "application_form"]
    db_session.commit()
    return role


def upload(client, csrf, base, name, data, note=""):
    token = csrf(client.get(f"{base}/cv"))
    return client.post(f"{base}/cv", content_type="multipart/form-data", data={
        "cv": (io.BytesIO(data), name), "note": note, "csrf_token": token})


def stored(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("kind", sorted(cv_files.ACCEPTED))
def test_each_accepted_format_is_kept_under_a_generated_name__R_SEL1(
        client, db_session, csrf, role, folder, kind):
    import hashlib

    name, data, media_type = cv_files.ACCEPTED[kind]
    base = begin(client, csrf, role, route="cv")
    response = upload(client, csrf, base, name, data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert response.location.endswith("/support")  # no covering note: nothing to share
    row = db_session.scalar(sa.select(ApplicationFile))
    assert (row.kind, row.media_type, row.size) == ("cv", media_type, len(data))
    assert row.sha256 == hashlib.sha256(data).hexdigest()
    assert row.original_name == name
    assert len(row.stored_name) == 64 and int(row.stored_name, 16) >= 0
    assert stored(folder) == [row.stored_name]
    assert (folder / row.stored_name).read_bytes() == data
    assert (folder / row.stored_name).stat().st_mode & 0o077 == 0  # only the portal reads it
    answers = db_session.scalar(sa.select(Application)).answers
    assert answers["cv"]["name"] == name and answers["cv_note"] == ""


def test_a_renamed_executable_is_refused(client, db_session, csrf, role, folder):
    base = begin(client, csrf, role, route="cv")
    response = upload(client, csrf, base, "cv.pdf", cv_files.EXECUTABLE)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<a href="#cv">The selected file must be a PDF, a Word document (DOCX)' in html
    assert db_session.scalar(sa.select(sa.func.count(ApplicationFile.id))) == 0
    assert stored(folder) == []
    assert "cv" not in db_session.scalar(sa.select(Application)).answers


def test_an_oversize_file_is_refused_kindly(app, client, db_session, csrf, role, folder):
    limit = app.config["CV_MAX_BYTES"]
    assert app.config["MAX_CONTENT_LENGTH"] > limit  # a file just over is answered on the form
    base = begin(client, csrf, role, route="cv")
    response = upload(client, csrf, base, "cv.pdf", cv_files.PDF + b" " * limit)
    assert response.status_code == 400
    assert "The selected file must be smaller than 5 MB" in response.get_data(as_text=True)
    assert stored(folder) == []


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_request_too_large_for_the_portal_gets_a_kind_page(app, client, db_session, csrf,
                                                             role, folder, lang):
    base = begin(client, csrf, role, route="cv", lang=lang)
    too_big = cv_files.PDF + b" " * app.config["MAX_CONTENT_LENGTH"]
    response = upload(client, csrf, base, "cv.pdf", too_big)
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}"' in html and "govuk-heading" in html
    if lang == "en":
        assert "The file or form you sent is too large" in html
    assert stored(folder) == []


def test_a_zip_bomb_disguised_as_docx_is_refused(client, db_session, csrf, role, folder):
    bomb = cv_files.zip_bomb_docx(200)
    assert len(bomb) < 1024 * 1024  # 200 MB of zeros squeezed under 1 MB
    base = begin(client, csrf, role, route="cv")
    response = upload(client, csrf, base, "cv.docx", bomb)
    assert response.status_code == 400
    assert 'href="#cv"' in response.get_data(as_text=True)
    many = upload(client, csrf, base, "cv.docx", cv_files.many_members_docx())
    assert many.status_code == 400
    assert stored(folder) == []


def test_a_path_in_the_file_name_is_dropped(client, db_session, csrf, role, folder, tmp_path):
    base = begin(client, csrf, role, route="cv")
    assert upload(client, csrf, base, "../../etc/passwd.txt", cv_files.TEXT).status_code == 302
    assert db_session.scalar(sa.select(ApplicationFile.original_name)) == "passwd.txt"
    # Quoted as a browser quotes it (a backslash escaped), so that the server reads C:\x\cv.pdf.
    assert upload(client, csrf, base, "C:\\\\x\\\\cv.pdf", cv_files.PDF).status_code == 302
    db_session.expire_all()
    row = db_session.scalar(sa.select(ApplicationFile))
    assert row.original_name == "cv.pdf"
    assert stored(folder) == [row.stored_name]  # the replaced one is gone, nothing elsewhere
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uploads"]


def test_an_empty_file_is_refused(client, db_session, csrf, role, folder):
    base = begin(client, csrf, role, route="cv")
    response = upload(client, csrf, base, "cv.pdf", b"")
    assert response.status_code == 400
    assert "The selected file is empty" in response.get_data(as_text=True)
    nothing = client.post(f"{base}/cv", content_type="multipart/form-data", data={
        "note": "", "csrf_token": ""})
    assert nothing.status_code == 400
    token = response.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    no_file = client.post(f"{base}/cv", content_type="multipart/form-data",
                          data={"note": "Hello", "csrf_token": token})
    assert no_file.status_code == 400
    html = no_file.get_data(as_text=True)
    assert '<a href="#cv">Choose the file with your CV</a>' in html and ">Hello</textarea>" in html
    assert stored(folder) == []


def test_replacing_the_cv_removes_the_old_file_and_keeping_it_needs_no_new_one(
        client, db_session, csrf, role, folder):
    base = begin(client, csrf, role, route="cv")
    upload(client, csrf, base, "first.pdf", cv_files.PDF)
    first = db_session.scalar(sa.select(ApplicationFile.stored_name))
    upload(client, csrf, base, "second.docx", cv_files.docx())
    db_session.expire_all()
    second = db_session.scalar(sa.select(ApplicationFile))
    assert second.original_name == "second.docx" and stored(folder) == [second.stored_name]
    assert first != second.stored_name
    page = client.get(f"{base}/cv").get_data(as_text=True)
    assert "second.docx" in page and 'enctype="multipart/form-data"' in page
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    kept = client.post(f"{base}/cv", content_type="multipart/form-data",
                       data={"note": "Please read my CV", "csrf_token": token})
    assert kept.status_code == 302 and kept.location.endswith("/sharing")
    assert stored(folder) == [second.stored_name]
    assert db_session.scalar(sa.select(Application)).answers["cv_note"] == "Please read my CV"


def test_a_bad_file_keeps_the_cv_already_sent(client, db_session, csrf, role, folder):
    base = begin(client, csrf, role, route="cv")
    upload(client, csrf, base, "cv.pdf", cv_files.PDF)
    before = stored(folder)
    assert upload(client, csrf, base, "cv.pdf", cv_files.EXECUTABLE).status_code == 400
    assert stored(folder) == before
    assert db_session.scalar(sa.select(sa.func.count(ApplicationFile.id))) == 1


def test_the_cv_route_from_start_to_sent_with_a_covering_note__R_SEL1(
        client, db_session, csrf, role, folder):
    base = begin(client, csrf, role, route="cv")
    response = upload(client, csrf, base, "Rhian CV.odt", cv_files.odt(),
                      note="I would like to help carers be heard.")
    assert response.location.endswith("/sharing")
    sharing = client.get(f"{base}/sharing").get_data(as_text=True)
    assert "I would like to help carers be heard." in sharing
    token = sharing.split('name="csrf_token" value="')[1].split('"')[0]
    assert client.post(f"{base}/sharing", data={"cv_note": "full", "csrf_token": token}
                       ).location.endswith("/support")
    client.post(f"{base}/support", data={"csrf_token": token})
    check = client.get(f"{base}/check").get_data(as_text=True)
    row = db_session.scalar(sa.select(ApplicationFile))
    assert f'href="{base}/files/{row.id}">Rhian CV.odt</a>' in check
    assert "I would like to help carers be heard." in check
    assert f'href="{base}/cv"' in check and f'href="{base}/cv#note"' in check
    sent = client.post(f"{base}/check", data={"csrf_token": token})
    assert sent.location.endswith("/sent")
    assert db_session.scalar(sa.select(Application.status)) == ApplicationStatus.SUBMITTED


def test_a_cv_is_optional_with_the_application_form__R_AC1(client, db_session, csrf, role,
                                                           folder):
    from tests.applications.test_documents import ANSWERS

    base = begin(client, csrf, role, route="application_form")
    token = csrf(client.get(f"{base}/criteria"))
    client.post(f"{base}/criteria", data={**ANSWERS, "csrf_token": token})
    page = client.get(f"{base}/cv").get_data(as_text=True)
    assert "Add your CV (optional)" in page
    response = upload(client, csrf, base, "cv.rtf", cv_files.RTF, note="ignored here")
    assert response.location.endswith("/sharing")
    answers = db_session.scalar(sa.select(Application)).answers
    assert answers["cv"]["media_type"] == "application/rtf" and answers["cv_note"] == ""
    row = db_session.scalar(sa.select(ApplicationFile))
    check = client.get(f"{base}/check").get_data(as_text=True)
    assert f'href="{base}/files/{row.id}">cv.rtf</a>' in check
    assert "Covering note" not in check


def test_the_cv_is_served_only_to_permitted_people_as_an_attachment__idor(
        app, client, db_session, csrf, login, role, folder):
    from portal.models import Board, Recruitment

    base = begin(client, csrf, role, route="cv")
    upload(client, csrf, base, "..\\Nia's CV.pdf", cv_files.PDF)
    row = db_session.scalar(sa.select(ApplicationFile))
    url = f"{base}/files/{row.id}"
    own = client.get(url)
    assert own.status_code == 200 and own.data == cv_files.PDF
    assert own.headers["Content-Type"] == "application/pdf"
    assert own.headers["Content-Disposition"].startswith("attachment;")
    assert "Nia" in own.headers["Content-Disposition"]
    assert own.headers["X-Content-Type-Options"] == "nosniff"
    assert own.headers["Cache-Control"] == "no-store"
    assert client.get(f"{base}/files/{row.id + 1}").status_code == 404

    org_id = db_session.get(Board, db_session.get(Recruitment, role.id).board_id).organisation_id
    from portal.models import Organisation

    org = db_session.get(Organisation, org_id)
    worker, member, admin, outsider = (factories.person(db_session) for _ in range(4))
    factories.grant(db_session, worker, "engagement_worker", org)
    factories.grant(db_session, admin, "org_admin", org)
    db_session.add(GroupMember(recruitment_id=role.id, person_id=member.id,
                               kind=MemberKind.LIVED_EXPERIENCE, status=MemberStatus.ACCEPTED))
    other_role = factories.published_role(db_session)
    db_session.add(GroupMember(recruitment_id=other_role.id, person_id=outsider.id,
                               kind=MemberKind.LIVED_EXPERIENCE, status=MemberStatus.ACCEPTED))
    db_session.commit()
    browsers = {}
    for name, person in (("worker", worker), ("member", member), ("admin", admin),
                         ("outsider", outsider), ("anonymous", None)):
        browsers[name] = app.test_client()
        if person is not None:
            login(browsers[name], person)
    # A draft is nobody else's business.
    for name, browser in browsers.items():
        assert browser.get(url).status_code == 404, name
    token = csrf(client.get(f"{base}/support"))
    client.post(f"{base}/support", data={"csrf_token": token})
    assert client.post(f"{base}/check", data={"csrf_token": token}).status_code == 302
    expected = {"worker": 200, "member": 200, "admin": 404, "outsider": 404, "anonymous": 404}
    for name, browser in browsers.items():
        response = browser.get(url)
        assert response.status_code == expected[name], name
        if response.status_code == 200:
            assert response.headers["Content-Disposition"].startswith("attachment;")
            assert response.headers["Cache-Control"] == "no-store"
    # The right file id under another application's reference is not found either.
    other = app.test_client()
    other_base = begin(other, csrf, role, route="cv", email="x@example.org")
    assert other.get(f"{other_base}/files/{row.id}").status_code == 404


# ---- the content checks themselves ----------------------------------------------------------

@pytest.mark.parametrize("data", [
    cv_files.EXECUTABLE, b"\x7fELF\x02\x01\x01" + b"\x00" * 50, b"GIF89a\x01\x00",
    b"hello\x00world", b"\xff\xd8\xff\xe0 jpeg", b"PK\x03\x04 not really a zip",
    b"\x89PNG\r\n\x1a\n",
])
def test_files_that_are_not_documents_are_refused(data_app, data):
    with data_app.test_request_context("/en/"), pytest.raises(DomainError) as refused:
        uploads.identify(data)
    assert refused.value.field == "cv"


def test_word_documents_with_macros_and_other_zips_are_refused(data_app):
    def build(names):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in names:
                archive.writestr(name, "<x/>")
        return buffer.getvalue()

    with data_app.test_request_context("/en/"):
        for names in (["[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"],
                      ["[Content_Types].xml", "xl/workbook.xml"], ["mimetype"],
                      ["word/document.xml"]):
            with pytest.raises(DomainError):
                uploads.identify(build(names))
        assert uploads.identify(cv_files.docx()).media_type == uploads.DOCX
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        damaged = bytearray(buffer.getvalue())
        start = 30 + len("mimetype")  # the compressed bytes, after the local header
        damaged[start:start + 8] = bytes(b ^ 0xFF for b in damaged[start:start + 8])
        with pytest.raises(DomainError):
            uploads.identify(bytes(damaged))


@pytest.mark.parametrize(("given", "extension", "shown"), [
    ("../../etc/passwd.txt", ".txt", "passwd.txt"),
    ("C:\\x\\cv.pdf", ".pdf", "cv.pdf"),
    ("cv.pdf", ".txt", "cv.txt"),
    ("cv.exe", ".pdf", "cv.exe.pdf"),
    ("My CV.DOC", ".docx", "My CV.docx"),
    ("...", ".pdf", "cv.pdf"),
    ("", ".odt", "cv.odt"),
    ("a\r\nb\x00.rtf", ".rtf", "ab.rtf"),
    ("x" * 500 + ".pdf", ".pdf", "x" * 196 + ".pdf"),
])
def test_the_name_shown_has_no_folders_and_says_what_the_file_is(given, extension, shown):
    assert uploads.display_name(given, extension) == shown
