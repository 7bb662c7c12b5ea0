pytest_plugins = ["dangjian.testing.fixtures", "dangjian.testing.shards"]
