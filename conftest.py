pytest_plugins = ["dangjian.testing.fixtures"]
