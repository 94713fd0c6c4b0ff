"""The model file MLflow stores for every registered version (models-from-code).

Loading a version runs this file with ``parley_model`` on the path (shipped as ``code_paths``).
"""

from mlflow.models import set_model

from parley_model.pyfunc import StanceClassifier

set_model(StanceClassifier())
