"""The page check run on every HTML page a test fetches (GOV.UK Notify's client_request idea).

It asserts: a non-empty <title>, <html lang> matching the URL's language, a link to the same
page in the other language, and every form with an action and a CSRF token.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.html_lang = None
        self.title = ""
        self._in_title = False
        self.links: list[dict] = []
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "a":
            self.links.append(a)
        elif tag == "form":
            self.forms.append({"attrs": a, "csrf": False})
        elif tag == "input" and self.forms and a.get("name") == "csrf_token" and a.get("value"):
            self.forms[-1]["csrf"] = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def swap_lang(path: str) -> str | None:
    parts = path.split("/")
    if len(parts) > 1 and parts[1] in ("en", "cy"):
        parts[1] = "cy" if parts[1] == "en" else "en"
        return "/".join(parts)
    return None


def check_page(path: str, response) -> None:
    """Assert the page-level promises on one HTML response."""
    if response.status_code in (301, 302, 303, 307, 308) or not response.mimetype == "text/html":
        return
    html = response.get_data(as_text=True)
    page = parse(html)
    assert page.title.strip(), f"{path}: empty <title>"
    url_lang = path.split("/")[1] if path.count("/") >= 1 else None
    assert page.html_lang in ("en", "cy"), f"{path}: <html lang> is {page.html_lang!r}"
    if url_lang in ("en", "cy"):
        assert page.html_lang == url_lang, f"{path}: <html lang={page.html_lang}> on a {url_lang} URL"
    other = "cy" if page.html_lang == "en" else "en"
    toggles = [link for link in page.links if link.get("hreflang") == other]
    assert toggles, f"{path}: no link to the {other} version"
    expected = swap_lang(urlsplit(path).path)
    if expected and response.status_code < 400:
        hrefs = [urlsplit(link["href"]).path for link in toggles]
        assert expected in hrefs, f"{path}: toggle goes to {hrefs}, not {expected}"
    for form in page.forms:
        assert form["attrs"].get("action"), f"{path}: a form without an action"
        if form["attrs"].get("method", "get").lower() == "post":
            assert form["csrf"], f"{path}: a POST form without a CSRF token"
