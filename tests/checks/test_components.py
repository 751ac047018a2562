"""Every node is named by the smallest node it is connected to, as a graph search finds it."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from checks._components import smallest_members


def _by_search(size: int, edges: list[tuple[int, int]]) -> list[int]:
    neighbours: list[list[int]] = [[] for _ in range(size)]
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    smallest = list(range(size))
    for start in range(size):
        seen, frontier = {start}, [start]
        while frontier:
            frontier = [n for node in frontier for n in neighbours[node] if n not in seen]
            seen.update(frontier)
        smallest[start] = min(seen)
    return smallest


@st.composite
def _graphs(draw: st.DrawFn) -> tuple[int, list[tuple[int, int]]]:
    size = draw(st.integers(0, 30))
    if size == 0:
        return 0, []
    node = st.integers(0, size - 1)
    return size, draw(st.lists(st.tuples(node, node), max_size=60))


@given(_graphs())
def test_each_node_is_named_by_the_smallest_node_it_reaches(graph: tuple[int, list[tuple[int, int]]]) -> None:
    size, edges = graph
    a = np.array([e[0] for e in edges], dtype=np.int64)
    b = np.array([e[1] for e in edges], dtype=np.int64)
    assert smallest_members(size, a, b).tolist() == _by_search(size, edges)


def test_a_long_chain_numbered_against_its_order_is_one_component() -> None:
    # The worst order for linking roots: every edge joins the chain's next node from the far end.
    size = 2000
    order = np.arange(size)[::-1]
    roots = smallest_members(size, order[:-1], order[1:])
    assert roots.tolist() == [0] * size


def test_nodes_without_edges_are_their_own_components() -> None:
    roots = smallest_members(4, np.array([2]), np.array([3]))
    assert roots.tolist() == [0, 1, 2, 2]
