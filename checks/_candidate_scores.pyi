"""Types of the compiled module ``checks/_candidate_scores.pyx``."""

import numpy as np

def signature_agreement(
    queries: np.ndarray, targets: np.ndarray, q: np.ndarray, t: np.ndarray
) -> np.ndarray: ...
