from __future__ import annotations

from zgql._analysis._rules._base import Rule
from zgql._analysis._rules._names import DOCUMENT_SIZE


class DocumentSizeRule(Rule):
    """document-size: a document may not exceed the configured bounds.

    Judged before parsing, so that an outsized document costs no time: from its size, and by
    the parser's token bound. zgql check judges a file by its size on disk, unread.
    """

    name = DOCUMENT_SIZE
    statement = (
        "a document may not exceed {max_document_bytes} bytes or {max_document_tokens} tokens."
    )
