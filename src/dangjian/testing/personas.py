"""Documented personas for tests (every persona is a demo account made by the seed).

- ``street_admin`` — "street": 党工委工作人员 of the first street; sees the whole street.
- ``secretary_a`` — community secretary of community A (东风社区党委, a demonstration site).
- ``secretary_b`` — community secretary of community B (和平社区党委), A's sibling.
- ``cadre`` — 包联科级干部: reads the whole street, writes nothing.
- ``branch_secretary`` — "branch": secretary of A's first branch.
- ``grid_worker`` — "grid": 网格员 of a grid in A.
- ``member`` — a party member in A's first branch; sees their own person record only.
- ``volunteer`` / ``resident`` — self-service accounts in A (the phone pages).
- ``district_viewer`` — "district": 区委组织部, reads the whole district, writes nothing.
- anonymous — no login: pages redirect to the login page, the API answers 401.
"""

PERSONAS = {
    "street_admin": "street",
    "secretary_a": "secretary_a",
    "secretary_b": "secretary_b",
    "cadre": "cadre",
    "branch_secretary": "branch",
    "grid_worker": "grid",
    "member": "member",
    "volunteer": "volunteer",
    "resident": "resident",
    "district_viewer": "district",
}
