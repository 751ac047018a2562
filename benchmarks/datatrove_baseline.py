"""Times datatrove on a JSONL corpus, in datatrove's own virtual environment (see throughput.py).

Prints one JSON line: {"filters_seconds": …, "minhash_seconds": …}. The filter pipeline is FineWeb's
document filters (Gopher repetition, Gopher quality, C4, FineWeb); the MinHash stage is datatrove's
signature step with its default configuration. One task, one worker.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.dedup import MinhashDedupSignature
from datatrove.pipeline.dedup.minhash import MinhashConfig
from datatrove.pipeline.filters import (
    C4QualityFilter,
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
)
from datatrove.pipeline.readers import JsonlReader


def timed(pipeline: list, logs: str) -> float:
    start = time.perf_counter()
    LocalPipelineExecutor(pipeline=pipeline, tasks=1, workers=1, logging_dir=logs).run()
    return time.perf_counter() - start


def main(folder: str, pattern: str) -> None:
    with tempfile.TemporaryDirectory() as work:
        filters = timed(
            [
                JsonlReader(folder, glob_pattern=pattern),
                GopherRepetitionFilter(),
                GopherQualityFilter(),
                C4QualityFilter(filter_no_terminal_punct=False),
                FineWebQualityFilter(),
            ],
            f"{work}/logs-filters",
        )
        minhash = timed(
            [
                JsonlReader(folder, glob_pattern=pattern),
                MinhashDedupSignature(output_folder=f"{work}/signatures", config=MinhashConfig()),
            ],
            f"{work}/logs-minhash",
        )
    print(json.dumps({"filters_seconds": filters, "minhash_seconds": minhash}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
