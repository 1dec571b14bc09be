"""Test package for realtalk (a package so that ``tests.conftest_audio`` can be a pytest plugin)."""
