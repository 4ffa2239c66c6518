"""drafter: draft, check and render Local Area Agreements and Local Public Service Agreements."""

__version__ = "0.1.0"
