"""Pages of the members app; a decision button posts `decision=approve` or `decision=reject`."""

DECISIONS = {"approve": True, "reject": False}  # anything else: the action asks the user to choose
