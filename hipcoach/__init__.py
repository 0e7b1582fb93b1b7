"""HipCoach: a guided, paced player for a progressive hip-extension programme."""

__version__ = "0.1.0"
