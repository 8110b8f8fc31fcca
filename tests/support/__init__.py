"""Helpers shared by the test suite: the mirror as a real server, real crawls of it."""
