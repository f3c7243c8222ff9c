"""Charts drawn as pictures, and the cache they are kept in."""
