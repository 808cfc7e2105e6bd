"""Communities: their customisation, members and roles, access codes, follows, projects,
updates and events, who may see what, and the optional demographic questions."""
