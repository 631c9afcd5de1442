void other() {}
