"""Types of the compiled module ``checks/_repetition_kernels.pyx``."""

import numpy as np

def top_ngram_shares(
    hashed: np.ndarray, lengths: np.ndarray, total: int, sizes: tuple[int, ...]
) -> list[float]: ...
def duplicate_ngram_shares(
    hashed: np.ndarray,
    five_grams: np.ndarray,
    lengths: np.ndarray,
    total: int,
    positions: np.ndarray,
    sizes: tuple[int, ...],
) -> list[float]: ...
