"""Loading a registered model and the one predict function (the ring above ``parley_model``).

Everything that scores statements — HTTP, batch, article mode, evaluation — loads a model with
``inference.predict.load_model`` and scores with ``inference.predict.predict``.
"""
