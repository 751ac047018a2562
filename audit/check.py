"""The check contract: the one interface every built-in and third-party check implements.

A check is a class with a stable ``name``, a one-line ``description`` and either

* ``run(doc) -> CheckResult`` — a *document check*, pure: it sees one document and nothing else; or
* ``sketch(doc) -> S`` and ``resolve(sketches) -> list[CheckResult]`` — a *corpus check*: ``sketch``
  runs in the same pass as the document checks and returns something small and picklable (a MinHash
  signature, line hashes); ``resolve`` sees the sketches of every readable document, in input order,
  once the pass is over, and returns one result per sketch. The corpus is never read twice. A sketch
  whose ``sketch`` call raised is passed to ``resolve`` as ``None``. For corpora too big for a list of
  sketches and one of results, a corpus check may instead provide ``collector()``: an object that
  stores sketches compactly and builds each result on demand (see ``audit/collectors.py``). With a
  pool of workers, ``resolve`` and the collector run in a helper process of their own, so a corpus
  check must be picklable, as every check already is for the workers.

Optional class attributes:

* ``Settings`` — a dataclass of the check's settings (field ``metadata={"help": ...}`` documents them);
  the check is then constructed as ``Check(Settings(**config))``.
* ``default_weight`` — the weight in [0, 1] the trust score gives this check unless config overrides it.
* ``needs`` — names of document checks whose results this document check reads; it then runs after them
  and is called as ``run(doc, needed)`` with ``needed`` mapping each of those that ran to its
  ``CheckResult`` (a check that is not enabled is simply absent).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, runtime_checkable

from audit.document import CheckResult, Document


@runtime_checkable
class DocumentCheck(Protocol):
    name: ClassVar[str]
    description: ClassVar[str]

    def run(self, doc: Document) -> CheckResult: ...


@runtime_checkable
class CorpusCheck(Protocol):
    name: ClassVar[str]
    description: ClassVar[str]

    def sketch(self, doc: Document) -> Any: ...

    def resolve(self, sketches: Sequence[Any]) -> list[CheckResult]: ...


Check = DocumentCheck | CorpusCheck

DEFAULT_WEIGHT = 0.5


@dataclass(frozen=True)
class SettingInfo:
    """One setting of a check, as `textaudit checks` shows it."""

    name: str
    type: str
    default: Any
    help: str


def is_check_class(obj: object) -> bool:
    """True for a class that implements one of the two check shapes."""
    if not isinstance(obj, type):
        return False
    has_identity = isinstance(getattr(obj, "name", None), str) and isinstance(
        getattr(obj, "description", None), str
    )
    runs = callable(getattr(obj, "run", None))
    corpus = callable(getattr(obj, "sketch", None)) and callable(getattr(obj, "resolve", None))
    return has_identity and (runs or corpus)


def is_corpus_check(check: object) -> bool:
    return callable(getattr(check, "sketch", None)) and callable(getattr(check, "resolve", None))


def settings_of(check_class: type) -> list[SettingInfo]:
    """The documented settings of a check class (empty when it has none)."""
    settings_type = getattr(check_class, "Settings", None)
    if settings_type is None or not dataclasses.is_dataclass(settings_type):
        return []
    infos = []
    for f in dataclasses.fields(settings_type):
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = None
        type_name = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
        infos.append(SettingInfo(f.name, type_name, default, f.metadata.get("help", "")))
    return infos


def instantiate(check_class: type, options: dict[str, Any]) -> Check:
    """Build a check from its config section; unknown or badly typed settings raise ValueError."""
    settings_type = getattr(check_class, "Settings", None)
    if settings_type is None:
        if options:
            raise ValueError(f"check {check_class.name!r} takes no settings, got {sorted(options)}")
        return check_class()
    known = {f.name: f for f in dataclasses.fields(settings_type)}
    unknown = sorted(set(options) - set(known))
    if unknown:
        raise ValueError(
            f"check {check_class.name!r} has no setting {', '.join(unknown)} (settings: {', '.join(known)})"
        )
    for key, value in options.items():
        _check_setting_type(check_class.name, key, value, settings_of(check_class))
    return check_class(settings_type(**options))


def _check_setting_type(check: str, key: str, value: Any, infos: list[SettingInfo]) -> None:
    default = next(info.default for info in infos if info.name == key)
    if default is None:
        return
    expected: tuple[type, ...] = (type(default),)
    if isinstance(default, float):
        expected = (int, float)
    if isinstance(value, bool) != isinstance(default, bool) or not isinstance(value, expected):
        raise ValueError(
            f"setting {check}.{key} must be {type(default).__name__}, got {type(value).__name__} {value!r}"
        )
