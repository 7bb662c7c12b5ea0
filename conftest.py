pytest_plugins = ["dangjian.core.testing.fixtures"]
