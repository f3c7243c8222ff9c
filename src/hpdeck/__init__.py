"""hpdeck: branded Helseplattformen briefing decks from YAML content."""

__version__ = "0.1.0"
