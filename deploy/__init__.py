"""Deployment recipes that run for real on one machine (see README, Team setup)."""
