import sys

from deploy.demo import main

sys.exit(main())
