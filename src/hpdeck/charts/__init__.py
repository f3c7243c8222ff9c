"""Charts: specs built by sections, drawn by a backend under the theme's style."""
