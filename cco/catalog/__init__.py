"""The catalog of Summit commitments and the fill-in template built from it."""
