"""The stance model itself: labels, the text contract, artifact metadata, engines and the pyfunc.

This package is the innermost ring. It imports nothing else of the project and is the only code
shipped inside a registered model (``code_paths``), so a model version loads anywhere this
package and its engine's libraries are installed.
"""
