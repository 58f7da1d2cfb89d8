"""The scenario document: parsing, whole-document checks, canonical form and hashing."""
