"""A long-running adapter sets the garbage collector for bursts once it has started."""

from __future__ import annotations

import json
import subprocess
import sys

from testkit.paths import ROOT

PROBE = """
import gc, json
from adapters.startup import YOUNG_COLLECTION_EVERY, freeze_startup_objects
before = gc.get_threshold()
freeze_startup_objects()
print(json.dumps({"before": before, "after": gc.get_threshold(), "frozen": gc.get_freeze_count(),
                  "every": YOUNG_COLLECTION_EVERY}))
"""


def test_startup_objects_are_frozen_and_young_collections_spaced() -> None:
    run = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    seen = json.loads(run.stdout)
    assert seen["frozen"] > 1000  # the modules and what they built are out of the collector's way
    assert seen["after"][0] == seen["every"] > seen["before"][0]
    assert seen["after"][1:] == seen["before"][1:]  # the older generations keep their pace
