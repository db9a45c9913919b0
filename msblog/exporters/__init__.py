"""Exporters: the archive written out for others to read, as the importers bring it in."""
