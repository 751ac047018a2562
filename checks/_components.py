"""Connected components of an undirected graph given as edge arrays, in NumPy.

near_duplicate names each cluster by its smallest member. scipy's ``connected_components`` did this
before, but importing scipy.sparse costs every scan a third of a second, more than the whole search on
a corpus of thousands of documents.
"""

from __future__ import annotations

import numpy as np


def smallest_members(size: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For each of ``size`` nodes, the smallest node of its component, the edges being ``(a[i], b[i])``.

    Each node points at a smaller node of its component (itself at first). A round links the two roots
    of every edge, the larger to the smaller, then shortens every path to a root, so the count of roots
    falls every round until each edge joins two nodes of one root. The smallest node of a component has
    no smaller node to point at, so it is the root every node of its component ends at.
    """
    root = np.arange(size, dtype=np.int64)
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    while True:
        root_a, root_b = root[a], root[b]
        apart = root_a != root_b
        if not apart.any():
            return root
        root_a, root_b = root_a[apart], root_b[apart]
        lower = np.minimum(root_a, root_b)
        np.minimum.at(root, np.maximum(root_a, root_b), lower)
        while True:
            shorter = root[root]
            if np.array_equal(shorter, root):
                break
            root = shorter
