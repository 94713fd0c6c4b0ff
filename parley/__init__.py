"""The `parley` command: mounts train/promote/evaluate and serve/score/analyze/status."""
