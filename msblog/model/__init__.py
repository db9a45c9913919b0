"""The shared model: posts' discussions, comment text, dates and content problems."""
