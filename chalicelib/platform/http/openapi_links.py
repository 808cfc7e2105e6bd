"""operationIds where the handler's name would not say enough, and the OpenAPI links of the
main flows: what creates an object points to what reads and acts on it, so that a reader (and
a stateful tester) walks register -> login -> refresh, community -> project -> module ->
contribution -> comment. The emailed confirmation token cannot be a link: it travels by
email, never in an answer."""

from __future__ import annotations

from typing import Any

OPERATION_IDS = {
    "health": "getHealth", "openapi": "getOpenApiDocument", "reference": "getApiReference",
    "reference_script": "getApiReferenceScript",
    "get_settings": "getNotificationSettings", "put_settings": "putNotificationSettings",
    "community_analytics": "getCommunityAnalytics",
    "module_results": "getModuleResults",
    "react": "addReaction", "upvote": "addUpvote", "decide": "decideModerationCase",
    "appeal": "appealModerationCase", "moderation_queue": "listModerationCases",
    "moderation_log": "listModerationLog", "moderation_case": "getModerationCase",
    "mark_read": "markNotificationsRead", "respond": "respondToQuestionnaire",
    "open_communities": "listOpenCommunities", "open_contributions": "listOpenContributions",
    "open_export": "exportOpenContributions", "my_favorites": "listMyFavorites",
    "my_follows": "listMyFollows", "community_media": "uploadCommunityMedia",
    "upload_media": "uploadProfileMedia", "confirm": "confirmRegistration",
    "unsubscribe_page": "getUnsubscribePage", "export_status": "getExportStatus",
    "delete_member": "removeMember", "sso_start": "startSso", "put_member": "setMember",
}

COMMUNITY = ("getCommunity", "patchCommunity", "joinCommunity", "followCommunity",
             "listProjects", "createProject", "listUpdates", "postUpdate", "listEvents",
             "postEvent", "getDemographics", "getCommunityAnalytics", "listModerationCases",
             "listOpenContributions")
PROJECT = ("getProject", "patchProject", "listModules", "createModule")
MODULE = ("getModule", "patchModule", "listContributions", "createContribution",
          "listQuestions", "addQuestion", "getModuleResults", "getBallot", "closeModule")
CONTRIBUTION = ("getContribution", "patchContribution", "listComments", "addComment",
                "addUpvote", "saveFavorite", "flagContribution", "deleteContribution")
# producer operationId -> (the targets, {their path parameter: where the value comes from})
FLOWS: dict[str, list[tuple[tuple[str, ...], dict[str, Any]]]] = {
    "createCommunity": [(COMMUNITY, {"cid": "$response.body#/id"})],
    "createProject": [(PROJECT, {"pid": "$response.body#/id"}),
                      (("getCommunity",), {"cid": "$response.body#/community_id"})],
    "createModule": [(MODULE, {"mid": "$response.body#/id"}),
                     (("getProject",), {"pid": "$response.body#/project_id"})],
    "createContribution": [(CONTRIBUTION, {"id": "$response.body#/id"}),
                           (("getModule",), {"mid": "$response.body#/module_id"})],
    "addComment": [(("flagComment",), {"id": "$response.body#/id"}),
                   (("getContribution",), {"id": "$response.body#/contribution_id"})],
    "postUpdate": [(("listUpdates",), {"cid": "$response.body#/community_id"})],
    "postEvent": [(("listEvents",), {"cid": "$response.body#/community_id"})],
    "addQuestion": [(("listQuestions",), {"mid": "$response.body#/module_id"})],
    "joinCommunity": [(("getCommunity",), {"cid": "$response.body#/community_id"})],
}
# Links that hand on a body rather than path parameters.
BODY_FLOWS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "register": [("login", {"email": "$request.body#/email",
                            "password": "$request.body#/password"}),
                 ("resendConfirmation", {"email": "$request.body#/email"})],
    "login": [("refresh", {"refresh_token": "$response.body#/refresh_token"}),
              ("logout", {"refresh_token": "$response.body#/refresh_token"})],
    "refresh": [("logout", {"refresh_token": "$response.body#/refresh_token"})],
    "requestExport": [("getExportStatus", {})],
}


def links_of(operation_id: str) -> dict[str, Any]:
    links: dict[str, Any] = {}
    for targets, parameters in FLOWS.get(operation_id, []):
        for target in targets:
            links[target] = {"operationId": target, "parameters": dict(parameters),
                             "description": f"`{target}` of what this answer holds."}
    for target, body in BODY_FLOWS.get(operation_id, []):
        link: dict[str, Any] = {"operationId": target,
                                "description": f"`{target}` next, with this exchange's values."}
        if body:
            link["requestBody"] = dict(body)
        links[target] = link
    return links
