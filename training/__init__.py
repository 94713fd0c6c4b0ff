"""Parley training pipeline: data → split → baseline / transformer → evaluation → MLflow."""
