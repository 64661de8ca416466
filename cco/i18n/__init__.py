"""Every string a person reads, by language."""
