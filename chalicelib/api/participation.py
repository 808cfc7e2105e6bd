"""The participation area's blueprints, registered together by app.py."""

from chalicelib.api import communities, contributions, me_lists, modules, opendata, projects

BLUEPRINTS = (communities.bp, projects.bp, modules.bp, contributions.bp, opendata.bp,
              me_lists.bp)
