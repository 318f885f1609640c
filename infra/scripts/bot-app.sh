#!/usr/bin/env bash
# The bot's one Entra app registration: it is the bot (Azure Bot of type SingleTenant, bots[].botId) AND the
# tab's sign-in app (webApplicationInfo.id), so RSC permissions and meeting events are granted to the bot
# (docs/tab-and-manifest.md, "Identity"). It has no secret: in Azure the Web App's user-assigned managed
# identity is its federated credential.
#
#   infra/scripts/bot-app.sh register [display name] [--toolkit]
#       before the Bicep: creates the single-tenant registration; prints BOT_ID=<client id>.
#       Nothing is created when BOT_ID is already set (provisioning again keeps the registration).
#   infra/scripts/bot-app.sh configure <BOT_ID> <BOT_DOMAIN> [IDENTITY_PRINCIPAL_ID]
#       after the Bicep: Application ID URI api://<domain>/<id>, the scope access_as_user, the Teams clients
#       pre-authorised, v2 tokens, and (with the identity's principal id) the federated credential.
#       Safe to run again: existing values are kept.
#
# Needs `az login` to the tenant the app is for (the same tenant as the Teams users), as a user allowed to
# create app registrations. With --toolkit it also writes BOT_ID into the toolkit's environment file.
set -euo pipefail

TEAMS_DESKTOP=1fec8e78-bce4-4aaf-ab1b-5451cc387264 # Teams desktop and mobile
TEAMS_WEB=5e3ce6c0-2b1f-4285-8d4b-75ee78787346     # Teams web
SCOPE=access_as_user

graph() { az rest --method PATCH --uri "https://graph.microsoft.com/v1.0/applications/$1" \
  --headers 'Content-Type=application/json' --body "$2"; }

register() {
  local name="${1:-Roundtable}" toolkit="${2:-}"
  if [[ -n "${BOT_ID:-}" ]]; then
    echo "BOT_ID=${BOT_ID} (already registered)"
    return 0
  fi
  local app_id
  app_id=$(az ad app create --display-name "$name" --sign-in-audience AzureADMyOrg --query appId -o tsv)
  # A service principal in the tenant: the Azure Bot, consent and RSC need it.
  az ad sp create --id "$app_id" >/dev/null
  echo "BOT_ID=${app_id}"
  if [[ "$toolkit" == "--toolkit" ]]; then echo "::set-teamsfx-env BOT_ID=${app_id}"; fi
}

configure() {
  local app_id="${1:?BOT_ID (the app registration client id)}" domain="${2:?BOT_DOMAIN (host name)}"
  local principal="${3:-}"
  local object_id tenant scope_id
  object_id=$(az ad app show --id "$app_id" --query id -o tsv)
  tenant=$(az account show --query tenantId -o tsv)
  az ad app update --id "$app_id" --identifier-uris "api://${domain}/${app_id}"
  # Keep the scope's id when it exists (pre-authorisations refer to it).
  scope_id=$(az ad app show --id "$app_id" \
    --query "api.oauth2PermissionScopes[?value=='${SCOPE}'].id | [0]" -o tsv)
  if [[ -z "$scope_id" ]]; then
    scope_id=$(cat /proc/sys/kernel/random/uuid)
    graph "$object_id" "{\"api\":{\"requestedAccessTokenVersion\":2,\"oauth2PermissionScopes\":[{
      \"id\":\"${scope_id}\",\"value\":\"${SCOPE}\",\"type\":\"User\",\"isEnabled\":true,
      \"adminConsentDisplayName\":\"Use Roundtable as the signed-in user\",
      \"adminConsentDescription\":\"Lets Teams sign the user in to the Roundtable tabs.\",
      \"userConsentDisplayName\":\"Use Roundtable as you\",
      \"userConsentDescription\":\"Lets Teams sign you in to the Roundtable tabs.\"}]}}"
  fi
  graph "$object_id" "{\"api\":{\"requestedAccessTokenVersion\":2,\"preAuthorizedApplications\":[
    {\"appId\":\"${TEAMS_DESKTOP}\",\"delegatedPermissionIds\":[\"${scope_id}\"]},
    {\"appId\":\"${TEAMS_WEB}\",\"delegatedPermissionIds\":[\"${scope_id}\"]}]}}"
  if [[ -n "$principal" ]]; then
    local existing
    existing=$(az ad app federated-credential list --id "$app_id" \
      --query "[?subject=='${principal}'].name | [0]" -o tsv)
    if [[ -z "$existing" ]]; then
      az ad app federated-credential create --id "$app_id" --parameters "{
        \"name\":\"roundtable-web-app\",
        \"issuer\":\"https://login.microsoftonline.com/${tenant}/v2.0\",
        \"subject\":\"${principal}\",
        \"audiences\":[\"api://AzureADTokenExchange\"],
        \"description\":\"The Roundtable Web App's user-assigned managed identity signs in as the bot\"}" >/dev/null
    fi
  fi
  echo "Configured ${app_id}: api://${domain}/${app_id}, ${SCOPE}, Teams clients pre-authorised${principal:+, federated credential for ${principal}}"
  echo "Admin consent (once, as a Global or Application Administrator):"
  echo "  https://login.microsoftonline.com/${tenant}/adminconsent?client_id=${app_id}"
}

case "${1:-}" in
  register) shift; register "$@" ;;
  configure) shift; configure "$@" ;;
  *) echo "usage: $0 register [display name] [--toolkit] | configure <BOT_ID> <BOT_DOMAIN> [IDENTITY_PRINCIPAL_ID]" >&2; exit 2 ;;
esac
