"""Default pick-lists, the demo office and bulk data for benchmarks.

`ensure_pick_lists` is what every install needs. `seed_demo` fills an empty
database with a plausible office and two years of tickets whose events tell
the story the workflow would have recorded; `seed_bench` adds many tickets
fast for `bench/`. Rows go in with bulk inserts and timestamps in the past,
so seeding takes seconds. A fixed random seed makes every run the same.

- `texts.py`: the static texts (pick-lists, people, handoffs, defects, reasons)
- `organisation.py`: functions, users, handoffs and pick-lists
- `stories.py`: a ticket invented and its life played as the workflow records it
- `bulk.py`: ticket numbers and the bulk inserts
- `seed.py`: `seed_demo` and `seed_bench`
"""

from backoffice.demo.organisation import ensure_pick_lists
from backoffice.demo.seed import DemoDataExists, seed_bench, seed_demo

__all__ = ["DemoDataExists", "ensure_pick_lists", "seed_bench", "seed_demo"]
