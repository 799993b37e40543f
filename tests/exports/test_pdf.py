import pytest

from engage.exports import pdf, roundtable_writers
from tests.exports.test_roundtable_writers import hostile_summary


@pytest.mark.skipif(pdf.converter() is None, reason="no PDF converter on this machine")
def test_the_printable_page_prints_to_pdf_offline():
    assert pdf.html_to_pdf(roundtable_writers.to_html(hostile_summary())).startswith(b"%PDF")


def test_without_a_converter_pdf_is_refused_plainly(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(LookupError, match="printable page"):
        pdf.html_to_pdf("<p>x</p>")
