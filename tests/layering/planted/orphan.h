// Planted: a header no target lists.
