"""textaudit: per-document trust scores for scraped and generated text, with the evidence."""

__version__ = "0.1.0"
