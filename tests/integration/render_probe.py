"""A document builder for the worker tests only: a small PDF at once, no layout engine."""

from documents import builders
from documents.services import RenderedDocument

QUICK = "tests.integration.render_probe.quick"
PDF = b"%PDF-1.7\n% outage test document\n"


@builders.register(QUICK)
def build_quick(object_id, progress):
    progress(50)
    return f"van-ban-{object_id}.pdf", RenderedDocument(html="", pdf=PDF)
