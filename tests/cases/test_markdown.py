import pytest

from ioa_portal.lib.markdown import render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">klikk</a>',
    "[klikk](javascript:alert(1))",
    "[klikk](JaVaScRiPt:alert(1))",
    "[klikk](java\tscript:alert(1))",
    "[klikk](&#106;avascript:alert(1))",
    "[klikk](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![bilde](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<a href="vbscript:msgbox(1)">x</a>',
    '<p style="background:url(javascript:alert(1))">stil</p>',
    "<style>body { display: none }</style>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<form action="https://evil.example"><input name="p"></form>',
    '<div onmouseover="alert(1)">hover</div>',
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<base href='https://evil.example/'>",
]

FORBIDDEN = [
    "<script",
    "onerror",
    "onload",
    "onclick",
    "onmouseover",
    "javascript:",
    "vbscript:",
    "data:",
    "<iframe",
    "<object",
    "<form",
    "<input",
    "<style",
    "style=",
    "<svg",
    "<meta",
    "<base",
    "<img",
    "<math",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_dangerous_markup_is_removed(payload):
    html = str(render_markdown(f"Tekst før.\n\n{payload}\n\nTekst etter."))
    lowered = html.lower()
    for needle in FORBIDDEN:
        assert needle not in lowered, (payload, html)
    assert "Tekst før." in html


def test_ordinary_markdown_survives():
    html = str(
        render_markdown(
            "## Mål\n\nVi ville **spare tid** og *kutte utslipp*.\n\n"
            "- første\n- andre\n\n[Les mer](https://www.anskaffelser.no/) eller "
            "[skriv](mailto:post@example.no)."
        )
    )
    assert "<h3>Mål</h3>" in html
    assert "<strong>spare tid</strong>" in html and "<em>kutte utslipp</em>" in html
    assert "<li>første</li>" in html
    assert (
        'href="https://www.anskaffelser.no/"' in html
        and 'rel="noopener noreferrer nofollow"' in html
    )
    assert 'href="mailto:post@example.no"' in html


def test_headings_never_compete_with_the_page_title():
    html = str(render_markdown("# Stor\n\n## Mindre"))
    assert "<h1" not in html and "<h2" not in html
    assert "<h3>Stor</h3>" in html and "<h4>Mindre</h4>" in html


def test_empty_text_gives_empty_html():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
