"""The fixtures come from the shared test plugin, testkit.fixtures (loaded in pyproject.toml)."""
