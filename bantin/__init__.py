"""bantin: a static-site generator for the news of Vietnamese emulation blocs."""

__version__ = "0.2.0"
