"""Adapters that tell personal data in text."""
