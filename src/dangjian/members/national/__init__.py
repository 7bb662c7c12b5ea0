"""全国党员管理信息系统: Exchange with the national member system: its roster layout in and out, and a comparison."""
