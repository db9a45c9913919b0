"""Importers: bring posts and their discussions in from the blog's exports and saved pages."""
