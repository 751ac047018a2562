"""Runs one datatrove stage on a JSONL corpus, in datatrove's own virtual environment (see throughput.py).

    datatrove_baseline.py FOLDER PATTERN {filters,minhash}

``filters`` is FineWeb's document filter pipeline (Gopher repetition, Gopher quality, C4, FineWeb);
``minhash`` is datatrove's MinHash signature step with its default configuration. One task, one worker.
throughput.py times the whole process, as it times textaudit's, so both sides pay their start-up.
"""

from __future__ import annotations

import sys
import tempfile

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


def main(folder: str, pattern: str, stage: str) -> None:
    with tempfile.TemporaryDirectory() as work:
        if stage == "filters":
            steps = [
                GopherRepetitionFilter(),
                GopherQualityFilter(),
                C4QualityFilter(filter_no_terminal_punct=False),
                FineWebQualityFilter(),
            ]
        elif stage == "minhash":
            steps = [MinhashDedupSignature(output_folder=f"{work}/signatures", config=MinhashConfig())]
        else:
            raise SystemExit(f"unknown stage {stage!r}: expected filters or minhash")
        pipeline = [JsonlReader(folder, glob_pattern=pattern), *steps]
        LocalPipelineExecutor(pipeline=pipeline, tasks=1, workers=1, logging_dir=f"{work}/logs").run()


if __name__ == "__main__":
    main(*sys.argv[1:4])
