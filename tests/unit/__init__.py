"""Unit tests of pure modules: no database, no network, no clock."""
