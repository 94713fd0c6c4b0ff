"""The applications over a registered model: the HTTP API (``api``), batch scoring (``batch``,
local and Spark) and article mode (``article``). Each imports ``inference`` and ``parley_model``,
never the others' internals."""
