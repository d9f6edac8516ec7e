"""`python -m bench`: run the benchmarks and print their results as markdown table rows."""

import sys

from bench.run import main

sys.exit(main())
