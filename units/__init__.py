"""Who: the unit tree, officials, memberships, roles and accounts."""
