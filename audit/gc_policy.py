"""How often Python's cycle collector runs in a process that audits documents.

Auditing allocates millions of short-lived containers (a tuple per word, line and sentence), and with
the default thresholds (700, 10, 10) the collector runs every 700 allocations and often walks the
long-lived objects too: the machine-translation lexicon alone is a few hundred thousand of them. On
the Debian-docs benchmark that was 8% of a scan. The audit code makes few reference cycles, so
collecting a hundred times less often frees nearly the same memory: the Debian-docs scan's peak was
unchanged, and a million short documents peaked at 1.67 GB where they had peaked at 1.57 GB before this
and the stop's other changes.
"""

from __future__ import annotations

import gc

AUDIT_THRESHOLDS = (100_000, 50, 100)


def collect_less_often() -> None:
    """For processes that exist to audit (the ``textaudit`` command, pool and Ray workers), not for a
    library caller's process: the thresholds are process-wide."""
    gc.set_threshold(*AUDIT_THRESHOLDS)
