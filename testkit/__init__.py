"""What tests and benchmarks share: fixtures (a pytest plugin), doubles, platform stand-ins."""
