print("nq57")
