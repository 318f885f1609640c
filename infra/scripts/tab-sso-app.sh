#!/usr/bin/env bash
# Creates the Entra app registration that Teams tab SSO needs (a managed identity cannot expose an API).
# It has no secret: the bot only validates the tokens Teams obtains for it.
#   usage: infra/scripts/tab-sso-app.sh <tab domain, e.g. roundtable.agency.example> [display name] [--toolkit]
# Prints TAB_SSO_APP_ID=<client id>; pass it to `npm run package` and to the App Service settings.
# With --toolkit (m365agents.yml) it also writes TAB_SSO_APP_ID into the toolkit's environment file.
set -euo pipefail
domain="${1:?tab domain (host name only, e.g. roundtable.agency.example)}"
name="${2:-Roundtable tab sign-in}"

# Teams' own clients, pre-authorised so users are not asked to consent to the tab (desktop/mobile, web).
# Provisioning again keeps the registration it made the first time.
if [[ -n "${TAB_SSO_APP_ID:-}" ]]; then
  echo "TAB_SSO_APP_ID=${TAB_SSO_APP_ID} (already registered)"
  exit 0
fi

TEAMS_DESKTOP=1fec8e78-bce4-4aaf-ab1b-5451cc387264
TEAMS_WEB=5e3ce6c0-2b1f-4285-8d4b-75ee78787346

app_id=$(az ad app create --display-name "$name" --sign-in-audience AzureADMyOrg --query appId -o tsv)
object_id=$(az ad app show --id "$app_id" --query id -o tsv)
scope_id=$(cat /proc/sys/kernel/random/uuid)

# Application ID URI api://<domain>/<client id>, the access_as_user scope, v2 access tokens.
az ad app update --id "$app_id" --identifier-uris "api://${domain}/${app_id}"
az rest --method PATCH --uri "https://graph.microsoft.com/v1.0/applications/${object_id}" \
  --headers 'Content-Type=application/json' --body "$(cat <<JSON
{
  "api": {
    "requestedAccessTokenVersion": 2,
    "oauth2PermissionScopes": [{
      "id": "${scope_id}", "value": "access_as_user", "type": "User", "isEnabled": true,
      "adminConsentDisplayName": "Use the Roundtable tab as the signed-in user",
      "adminConsentDescription": "Lets Teams sign the user in to the Roundtable meeting tab.",
      "userConsentDisplayName": "Use the Roundtable tab as you",
      "userConsentDescription": "Lets Teams sign you in to the Roundtable meeting tab."
    }]
  }
}
JSON
)"
az rest --method PATCH --uri "https://graph.microsoft.com/v1.0/applications/${object_id}" \
  --headers 'Content-Type=application/json' --body "$(cat <<JSON
{
  "api": {
    "preAuthorizedApplications": [
      { "appId": "${TEAMS_DESKTOP}", "delegatedPermissionIds": ["${scope_id}"] },
      { "appId": "${TEAMS_WEB}", "delegatedPermissionIds": ["${scope_id}"] }
    ]
  }
}
JSON
)"
# A service principal in the tenant, so an admin can grant consent for everyone.
az ad sp create --id "$app_id" >/dev/null
echo "TAB_SSO_APP_ID=${app_id}"
[[ "${3:-}" == "--toolkit" ]] && echo "::set-teamsfx-env TAB_SSO_APP_ID=${app_id}"
echo "Admin consent (once, as a Global or Application Administrator):"
echo "  https://login.microsoftonline.com/<tenant id>/adminconsent?client_id=${app_id}"
