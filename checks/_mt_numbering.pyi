"""Types of the compiled module ``checks/_mt_numbering.pyx``."""

import numpy as np

def number_distinct(items: list[str]) -> tuple[list[str], np.ndarray]: ...
