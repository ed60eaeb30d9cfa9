"""The browsable API reference at /api/v1/docs: public, served entirely by Landa, under the strict CSP."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

DOCS = "/api/v1/docs"


class _Assets(HTMLParser):
    """The page's scripts and stylesheets, its inline scripts, its style attributes and the Swagger UI container."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []
        self.inline_scripts = 0
        self.style_attributes = 0
        self.container: dict[str, str | None] = {}
        self.lang: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.style_attributes += 1
        if tag == "html":
            self.lang = attributes.get("lang")
        elif tag == "script":
            if attributes.get("src"):
                self.scripts.append(attributes["src"])
            else:
                self.inline_scripts += 1
        elif tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.stylesheets.append(attributes["href"])
        elif attributes.get("id") == "swagger-ui":
            self.container = attributes


def _page(client, language: str = "en") -> tuple[object, _Assets]:
    response = client.get(DOCS, headers={"Accept-Language": language})
    parser = _Assets()
    parser.feed(response.get_data(as_text=True))
    return response, parser


def _directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def test_the_docs_answer_anonymously_in_the_readers_language(client):
    response, page = _page(client, "sv")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert page.lang == "sv" and "<title>Landas API</title>" in response.get_data(as_text=True)
    english_response, english = _page(client, "en")
    assert english.lang == "en" and "<title>Landa API</title>" in english_response.get_data(as_text=True)
    assert 'href="/"' in english_response.get_data(as_text=True)  # the way back to the home page


def test_every_asset_is_served_by_landa_itself(client):
    _response, page = _page(client)
    assert any(src.endswith("/swagger-ui-bundle.js") for src in page.scripts)
    assert any(href.endswith("/swagger-ui.css") for href in page.stylesheets)
    assert page.inline_scripts == 0 and page.style_attributes == 0
    for url in page.scripts + page.stylesheets:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc and url.startswith("/"), url
        asset = client.get(url)
        assert asset.status_code == 200 and asset.data, url
        assert asset.mimetype == ("text/css" if url.endswith(".css") else "text/javascript"), url
        asset.close()


def test_swagger_ui_reads_the_public_openapi_document(client):
    _response, page = _page(client)
    url = page.container.get("data-openapi-url")
    assert url == "/api/v1/openapi.json"
    assert client.get(url).get_json()["openapi"] == "3.1.0"


def test_the_page_keeps_the_strict_script_policy(client):
    response, _page_assets = _page(client)
    directives = _directives(response)
    script_src = directives.get("script-src", directives["default-src"])
    assert script_src == ["'self'"]
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert directives["frame-ancestors"] == ["'none'"] and directives["object-src"] == ["'none'"]


def test_swagger_ui_ships_with_its_licence(app):
    vendor = Path(app.static_folder) / "vendor" / "swagger-ui"
    assert "Apache License" in (vendor / "LICENSE").read_text(encoding="utf-8")
    assert (vendor / "NOTICE").is_file()


def test_every_page_links_to_the_api_documentation(client):
    home = client.get("/", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert f'href="{DOCS}"' in home and "API-dokumentation" in home


def test_the_served_openapi_document_is_valid(client):
    """openapi-spec-validator checks the document as clients' generators read it: every default, example and
    parameter schema must hold against its own rules (a default of '' once broke a pattern of four digits)."""
    from openapi_spec_validator import validate

    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)  # raises with the first broken rule
