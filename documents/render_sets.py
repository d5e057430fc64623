"""A set of documents rendered together (a dossier): each as its own PDF and all of them as
one, with a bookmark per document, each document laid out once.

- `render_pdf_set`: the separate PDFs and the merged one; a long set is laid out by several
  forked processes (`documents.render_pool`), whose PDFs are joined here.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable

from django.template.loader import render_to_string

from .render_pool import render_runs
from .rendering import RenderedDocument, default_base_url, unlinked_html


def render_pdf_set(
    parts: list[tuple[str, dict]],
    *,
    base_url: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    finish: Callable[[int, bytes], bytes] | None = None,
    titles: list[str] | None = None,
) -> tuple[list[RenderedDocument], bytes]:
    """Each document as its own PDF and all of them merged into one, each laid out once (a
    dossier: separate files and the whole set).

    A long set is laid out by several processes side by side (DOCUMENT_RENDER_PROCESSES).
    `finish(index, pdf)` returns the PDF of document `index` to keep, e.g. signed; it may run
    in a forked process, so it must not use the database. The merged PDF is not finished.
    It has a bookmark per document: `titles`, by default each document's HTML title.
    `progress(done, total)` counts the finished documents.
    """
    total = len(parts)
    done = 0

    def document_done():
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    results = render_runs(
        [unlinked_html(template_name, context) for template_name, context in parts],
        base_url=default_base_url(base_url),
        finish=finish,
        document_done=document_done,
    )

    pdfs = [pdf for result in results for pdf in result.pdfs]
    page_counts = [count for result in results for count in result.page_counts]
    titles = titles or [title for result in results for title in result.titles]
    first_pages = [sum(page_counts[:index]) for index in range(total)]
    separate = [
        RenderedDocument(html=render_to_string(template_name, context), pdf=pdf)
        for (template_name, context), pdf in zip(parts, pdfs, strict=True)
    ]
    merged = _joined_pdf(
        [result.pdf for result in results], list(zip(titles, first_pages, strict=True))
    )
    return separate, merged


def _joined_pdf(pdfs: list[bytes], bookmarks: list[tuple[str, int]]) -> bytes:
    """The PDFs one after the other, with an outline entry (title, first page index) per
    document. The first PDF's information (title, producer) is kept."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import PdfFileWriter

    writer = PdfFileWriter(stream_xrefs=False)
    tree_ref = writer.root.raw_get("/Pages")
    tree = tree_ref.get_object()
    for index, pdf in enumerate(pdfs):
        reader = PdfFileReader(io.BytesIO(pdf))
        if index == 0:
            # The document information is a dictionary: what import_object returns for it.
            writer.set_info(writer.import_object(reader.trailer_view.raw_get("/Info")))  # type: ignore[arg-type]
        # Each PDF's page tree, imported whole (its fonts once), becomes a branch of ours.
        branch_ref = writer.import_object(reader.root.raw_get("/Pages"))
        branch = branch_ref.get_object()
        branch[pdf_name("/Parent")] = tree_ref
        tree["/Kids"].append(branch_ref)
        tree[pdf_name("/Count")] = generic.NumberObject(tree["/Count"] + branch["/Count"])

    outline_ref = writer.add_object(
        generic.DictionaryObject({pdf_name("/Type"): pdf_name("/Outlines")})
    )
    items = []
    for title, page_index in bookmarks:
        page_ref, _resources = writer.find_page_for_modification(page_index)
        item = generic.DictionaryObject(
            {
                pdf_name("/Title"): generic.TextStringObject(title),
                pdf_name("/Parent"): outline_ref,
                pdf_name("/Dest"): generic.ArrayObject([page_ref, pdf_name("/Fit")]),
            }
        )
        items.append(writer.add_object(item))
    for previous, following in itertools.pairwise(items):
        previous.get_object()[pdf_name("/Next")] = following
        following.get_object()[pdf_name("/Prev")] = previous
    if items:
        outline = outline_ref.get_object()
        outline[pdf_name("/First")], outline[pdf_name("/Last")] = items[0], items[-1]
        outline[pdf_name("/Count")] = generic.NumberObject(len(items))
        writer.root[pdf_name("/Outlines")] = outline_ref
        writer.root[pdf_name("/PageMode")] = pdf_name("/UseOutlines")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
