"""The arrows between Landa's modules (docs/architecture.md): no module imports itself back through others.

The layers and the API's distance from the web layer are import-linter contracts (pyproject.toml, run by
.ci/run); this is the one rule they cannot state for the whole application at once: no loop of any length
between any of its modules.
"""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter

import grimp


def test_no_module_imports_itself_back():
    graph = grimp.build_graph("app")
    imports = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    try:
        TopologicalSorter(imports).prepare()
    except CycleError as loop:
        raise AssertionError(f"an import loop: {' -> '.join(loop.args[1])}") from None


def test_the_loop_check_sees_a_loop():
    loop = {"app.a": {"app.b"}, "app.b": {"app.c"}, "app.c": {"app.a"}}
    try:
        TopologicalSorter(loop).prepare()
    except CycleError as found:
        assert set(found.args[1]) == {"app.a", "app.b", "app.c"}
    else:
        raise AssertionError("graphlib did not see the loop")
