"""Finds checks through the ``textaudit.checks`` entry-point group, built-ins and plugins alike.

An entry point names either a check class (``mycheck = "my_pkg.module:MyCheck"``) or a package whose
modules each define check classes (``builtin = "checks"``). The package form is how the built-in checks
are registered: adding a built-in check is adding one module to ``checks/``.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType

from audit.check import is_check_class

GROUP = "textaudit.checks"


@dataclass(frozen=True)
class RegisteredCheck:
    name: str
    check_class: type
    origin: str  # the distribution that provides it


class RegistryError(Exception):
    """A plugin could not be loaded or two checks claim the same name."""


def discover(group: str = GROUP) -> dict[str, RegisteredCheck]:
    """Every installed check by name, built-ins first, then plugins in name order."""
    found: dict[str, RegisteredCheck] = {}
    for ep in sorted(entry_points(group=group), key=_builtin_first):
        origin = ep.dist.name if ep.dist is not None else ep.value
        for check_class in _load(ep):
            existing = found.get(check_class.name)
            if existing is not None and existing.check_class is not check_class:
                raise RegistryError(
                    f"check name {check_class.name!r} is claimed by both {existing.origin} and {origin}"
                )
            found[check_class.name] = RegisteredCheck(check_class.name, check_class, origin)
    return found


def _builtin_first(ep: EntryPoint) -> tuple[bool, str]:
    return (ep.value != "checks", ep.name)


def _load(ep: EntryPoint) -> list[type]:
    try:
        target = ep.load()
    except Exception as exc:  # a broken plugin must say which one it is
        raise RegistryError(f"cannot load check plugin {ep.name!r} ({ep.value}): {exc}") from exc
    if is_check_class(target):
        return [target]
    if isinstance(target, ModuleType):
        return _checks_in_module_tree(target)
    raise RegistryError(f"entry point {ep.name!r} ({ep.value}) is neither a check class nor a module")


def _checks_in_module_tree(package: ModuleType) -> list[type]:
    modules = [package]
    for info in pkgutil.iter_modules(getattr(package, "__path__", []), package.__name__ + "."):
        modules.append(importlib.import_module(info.name))
    classes: list[type] = []
    for module in modules:
        for value in vars(module).values():
            if is_check_class(value) and value.__module__ == module.__name__:
                classes.append(value)
    return classes
