import sys

from msblog.cli import main

sys.exit(main())
