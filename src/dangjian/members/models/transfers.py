"""组织关系转接: Transfers of a member's organizational relationship, within the platform and out of it."""

__all__ = []
