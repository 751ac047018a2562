"""Find one document in a corpus by what a user would type: its id, its source, or the start of its id."""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from audit.check import is_corpus_check
from audit.document import Document, DocumentReport
from audit.engine import Auditor
from audit.readers import ReadOptions, read_inputs

T = TypeVar("T")
_SHOWN_CANDIDATES = 5
_RECORD_ID = re.compile(r"(.+):\d+")


class DocumentNotFoundError(LookupError):
    """No document, or more than one, answers to the name; the message says which ids would."""


@dataclass
class _Search(Generic[T]):
    """Looks at documents one at a time and keeps at most one candidate per rule, never the corpus."""

    wanted: str
    exact: T | None = None
    by_source: T | None = None
    by_prefix: T | None = None
    prefixed: list[str] = field(default_factory=list)
    seen: int = 0
    first_ids: list[str] = field(default_factory=list)

    def offer(self, doc: Document, item: T) -> bool:
        """True once the exact id is found: nothing later can beat it."""
        self.seen += 1
        if len(self.first_ids) < _SHOWN_CANDIDATES:
            self.first_ids.append(doc.id)
        if doc.id == self.wanted:
            self.exact = item
            return True
        if doc.source == self.wanted and self.by_source is None:
            self.by_source = item
        if doc.id.startswith(self.wanted):
            self.prefixed.append(doc.id)
            if self.by_prefix is None:
                self.by_prefix = item
        return False

    def result(self) -> T:
        if self.exact is not None:
            return self.exact
        if self.by_source is not None:
            return self.by_source
        if len(self.prefixed) == 1 and self.by_prefix is not None:
            return self.by_prefix
        if self.prefixed:
            shown = ", ".join(self.prefixed[:_SHOWN_CANDIDATES])
            more = (
                f" and {len(self.prefixed) - _SHOWN_CANDIDATES} more"
                if len(self.prefixed) > _SHOWN_CANDIDATES
                else ""
            )
            raise DocumentNotFoundError(
                f"{len(self.prefixed)} documents have ids starting with {self.wanted!r}: {shown}{more}"
            )
        noun = "document" if self.seen == 1 else "documents"
        examples = f" (ids look like: {', '.join(self.first_ids)})" if self.first_ids else ""
        raise DocumentNotFoundError(f"no document {self.wanted!r} among {self.seen:,} {noun}{examples}")


def find_audited(auditor: Auditor, docs: Iterable[Document], wanted: str) -> tuple[Document, DocumentReport]:
    """The document named ``wanted``, audited.

    A document matches by exact id first, then by exact source (a path as the user typed it, or
    ``file:line``), then by a unique id prefix. When a corpus check runs (near-duplicates), the whole
    corpus is audited so that the check sees it; otherwise only the document found is.
    """
    if any(is_corpus_check(check) for check in auditor.checks):
        return _find(auditor.audit_documents(docs), wanted, lambda pair: pair[0])
    doc = _find(docs, wanted, lambda doc: doc)
    [pair] = auditor.audit_documents([doc])
    return pair


def _find(items: Iterable[T], wanted: str, doc_of: Callable[[T], Document]) -> T:
    search: _Search[T] = _Search(wanted)
    for item in items:
        if search.offer(doc_of(item), item):
            break
    return search.result()


def only_document(docs: Iterable[Document], name: str) -> Document:
    """The single document an input holds; an input holding several asks for an id instead."""
    found: Document | None = None
    count = 0
    first_ids: list[str] = []
    for doc in docs:
        count += 1
        found = doc if found is None else found
        if len(first_ids) < 2:
            first_ids.append(doc.id)
    if count == 1 and found is not None:
        return found
    if count == 0:
        raise DocumentNotFoundError(f"{name} holds no document")
    raise DocumentNotFoundError(
        f"{name} holds {count:,} documents: name one, "
        f"e.g. textaudit explain {shlex.quote(first_ids[0])} {shlex.quote(name)}"
    )


def audit_file(auditor: Auditor, path: str, options: ReadOptions) -> tuple[Document, DocumentReport]:
    """The one document in ``path`` (a text file, a one-record JSONL, ``-``), audited on its own.

    ``crawl.jsonl:17``, the id of a record without an id field, names its own file: it is found there.
    """
    record = _RECORD_ID.fullmatch(path)
    if record is not None and not os.path.lexists(path) and os.path.isfile(record.group(1)):
        return find_audited(auditor, read_inputs([record.group(1)], options), path)
    if path != "-" and not os.path.lexists(path):
        raise DocumentNotFoundError(
            f"no file {path!r}; to explain a document by its id, say where to look: "
            f"textaudit explain {shlex.quote(path)} corpus.jsonl"
        )
    doc = only_document(read_inputs([path], options), path)
    [pair] = auditor.audit_documents([doc])
    return pair
