"""流动党员: Mobile members: out-flowing members' whereabouts and in-flowing members joining life here."""

__all__ = []
