"""Welsh and English are equal (R-AC2): the Welsh catalog is complete and current."""

from __future__ import annotations

import subprocess
import sys

from babel.messages.pofile import read_po

from tests.conftest import ROOT

PO = ROOT / "portal" / "translations" / "cy" / "LC_MESSAGES" / "messages.po"


def _catalog():
    with PO.open("rb") as handle:
        return read_po(handle)


def test_welsh_catalog_has_no_empty_or_fuzzy_entries__R_AC2():
    bad = []
    for message in _catalog():
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if message.fuzzy or not all(strings):
            bad.append(message.id)
    assert bad == []


def test_every_message_in_the_code_is_in_the_welsh_catalog__R_AC2(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "--no-location", "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as handle:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    catalog = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog() if m.id}
    assert sorted(extracted - catalog) == []


def test_welsh_placeholders_match_english__R_AC2():
    import re

    pattern = re.compile(r"%\((\w+)\)s")
    for message in _catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(pattern.findall(ids[0])) | set(pattern.findall(ids[-1]))
        for string in strings:
            assert set(pattern.findall(string)) <= wanted, message.id


def test_content_pages_exist_in_both_languages__R_AC2():
    folder = ROOT / "portal" / "templates" / "public" / "content"
    english = {p.name.removesuffix("_en.html") for p in folder.glob("*_en.html")}
    welsh = {p.name.removesuffix("_cy.html") for p in folder.glob("*_cy.html")}
    assert english == welsh == {"accessibility", "privacy", "cookies"}
