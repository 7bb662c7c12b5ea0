"""党费: Party dues: the standard from income bands, monthly dues, payments, bank batches, sheets."""
