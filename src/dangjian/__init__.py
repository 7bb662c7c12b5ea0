"""Grassroots party-building platform (党建"三张清单"平台)."""
