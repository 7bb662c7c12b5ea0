from . import seed_positions, seed_scores, seed_summaries  # noqa: F401
