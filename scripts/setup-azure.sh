#!/bin/sh
# One command from an Azure OpenAI resource to a repository whose workflows can call it without a key:
# an identity (a user-assigned managed identity, or an app registration with --app), federated credentials in
# the subject form this repository's tokens carry, the "Cognitive Services OpenAI User" role on the resource
# only, and the four repository variables the examples read. Run it where `az` and `gh` are signed in
# (Azure Cloud Shell has both). It prints every command it runs; a second run changes nothing and says so.
# Every az and gh flag below is checked against the real CLIs' --help in CI (scripts/check-cli-flags.ts).
set -eu

usage() {
  cat <<'EOF'
Usage: scripts/setup-azure.sh --repo OWNER/NAME --resource-group GROUP --resource NAME [options]

  --repo OWNER/NAME          the GitHub repository whose workflows will call Azure OpenAI
  --resource-group GROUP     the Azure OpenAI (or AI Services / Foundry) resource's resource group
  --resource NAME            the resource's name
  --deployment NAME          the deployment to store (default: the resource's only deployment)
  --subscription ID|NAME     refuse to run unless the Azure CLI is on this subscription
  --tenant ID                refuse to run unless the Azure CLI is signed in to this tenant
  --app                      an app registration instead of a user-assigned managed identity
  --identity-name NAME       the identity's (or app's) name (default: github-OWNER-NAME)
  --identity-group GROUP     the managed identity's resource group (default: the resource's)
  --branch NAME              the branch to trust besides pull requests (default: the default branch)
  --environment NAME         also trust jobs in this environment (created if missing); repeatable
  --tag NAME                 also trust jobs on this exact tag; repeatable
  --smoke-test               add .github/workflows/azure-openai-smoke-test.yml if missing, run it, print its result
EOF
}

say() { printf '%s\n' "$*" >&3; }
step() { STEP=$((STEP + 1)); say "" "[$STEP] $*"; }
stop() {
  printf 'setup-azure: %s\n' "$*" >&2
  exit 1
}
changed() {
  CHANGES=$((CHANGES + 1))
  say "  + $*"
}
unchanged() { say "  = $*"; }

# One argument quoted as a shell would need it, so the printed command can be pasted as it is.
quote() {
  case $1 in
    '' | *[!A-Za-z0-9_./:=@,+%-]*) printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
    *) printf '%s' "$1" ;;
  esac
}

# Prints the command, runs it with its stderr kept in $ERR_FILE for the caller's diagnosis.
run() {
  line='  $'
  for arg in "$@"; do line="$line $(quote "$arg")"; done
  say "$line"
  "$@" 2>"$ERR_FILE" </dev/null
}

said() { grep -q "$1" "$ERR_FILE"; }

# Stops on a failed command, naming the right that was missing when Azure or Entra said so.
fail() {
  sed -n '1,6s/^/    /p' "$ERR_FILE" >&2
  action=$(sed -n "s/.*perform action '\([^']*\)'.*/\1/p" "$ERR_FILE" | head -n 1)
  case $action in
    Microsoft.Authorization/roleAssignments/write)
      stop "missing right: role assignment rights on $1. Owner, User Access Administrator or Role Based Access" \
        "Control Administrator on the resource (or its resource group) can assign roles; Contributor cannot." ;;
    Microsoft.ManagedIdentity/*)
      stop "missing right: managed identity rights in resource group $IDENTITY_GROUP ($action)." \
        "Managed Identity Contributor (or Contributor) on that resource group has them." ;;
    ?*) stop "missing right: $action on $1." ;;
  esac
  if said 'Insufficient privileges'; then
    stop "missing right: app registration rights in tenant $TENANT_ID (Microsoft Entra refused: Insufficient" \
      "privileges). The Application Developer role has them; or drop --app: a managed identity needs none."
  fi
  stop "$2 failed (its error is above)."
}

# Environment and tag names go into subjects and JSON: letters, digits and . _ / - only.
check_name() {
  case $1 in
    *[!A-Za-z0-9._/-]*) stop "'$1' has characters this script does not put in a subject (A-Z a-z 0-9 . _ / -)." ;;
  esac
}

tsv_field() { printf '%s\n' "$1" | cut -f "$2"; }

parse_arguments() {
  ENVIRONMENTS='' TAGS='' USE_APP=false SMOKE_TEST=false
  REPO='' GROUP='' RESOURCE='' DEPLOYMENT='' SUBSCRIPTION='' TENANT='' IDENTITY_NAME='' IDENTITY_GROUP='' BRANCH=''
  while [ $# -gt 0 ]; do
    case $1 in
      --app) USE_APP=true ;;
      --smoke-test) SMOKE_TEST=true ;;
      -h | --help) usage && exit 0 ;;
      --repo | --resource-group | --resource | --deployment | --subscription | --tenant | --identity-name | \
        --identity-group | --branch | --environment | --tag)
        if [ $# -lt 2 ] || [ -z "$2" ]; then stop "$1 needs a value."; fi
        case $1 in
          --repo) REPO=$2 ;;
          --resource-group) GROUP=$2 ;;
          --resource) RESOURCE=$2 ;;
          --deployment) DEPLOYMENT=$2 ;;
          --subscription) SUBSCRIPTION=$2 ;;
          --tenant) TENANT=$2 ;;
          --identity-name) IDENTITY_NAME=$2 ;;
          --identity-group) IDENTITY_GROUP=$2 ;;
          --branch) BRANCH=$2 ;;
          --environment) check_name "$2" && ENVIRONMENTS="$ENVIRONMENTS $2" ;;
          --tag) check_name "$2" && TAGS="$TAGS $2" ;;
        esac
        shift ;;
      *) usage >&2 && stop "unknown argument: $1" ;;
    esac
    shift
  done
  if [ -z "$REPO" ] || [ -z "$GROUP" ] || [ -z "$RESOURCE" ]; then
    usage >&2
    stop "--repo, --resource-group and --resource are required."
  fi
  case $REPO in */*) ;; *) stop "--repo must be OWNER/NAME, not '$REPO'." ;; esac
}

check_azure_account() {
  step "Azure: the signed-in subscription and tenant"
  account=$(run az account show --query '[id, name, tenantId]' --output tsv) || {
    sed -n '1,6s/^/    /p' "$ERR_FILE" >&2
    stop "the Azure CLI is not signed in (az account show failed, above): sign in with az login, then run this again."
  }
  SUBSCRIPTION_ID=$(tsv_field "$account" 1) SUBSCRIPTION_NAME=$(tsv_field "$account" 2)
  TENANT_ID=$(tsv_field "$account" 3)
  say "  subscription '$SUBSCRIPTION_NAME' ($SUBSCRIPTION_ID), tenant $TENANT_ID"
  if [ -n "$SUBSCRIPTION" ] && [ "$SUBSCRIPTION" != "$SUBSCRIPTION_ID" ] &&
    [ "$SUBSCRIPTION" != "$SUBSCRIPTION_NAME" ]; then
    stop "wrong subscription: the Azure CLI is on '$SUBSCRIPTION_NAME' ($SUBSCRIPTION_ID), not '$SUBSCRIPTION'." \
      "Run: az account set --subscription $(quote "$SUBSCRIPTION"), then this again."
  fi
  if [ -n "$TENANT" ] && [ "$TENANT" != "$TENANT_ID" ]; then
    stop "wrong tenant: the Azure CLI is signed in to tenant $TENANT_ID, not $TENANT." \
      "Run: az login --tenant $(quote "$TENANT"), then this again."
  fi
}

check_resource() {
  step "Azure OpenAI: the resource, its custom subdomain and the deployment"
  resource=$(run az cognitiveservices account show --name "$RESOURCE" --resource-group "$GROUP" \
    --query '[id, properties.customSubDomainName, properties.endpoint]' --output tsv) || {
    if said 'ResourceNotFound\|ResourceGroupNotFound\|was not found'; then
      stop "no resource '$RESOURCE' in resource group '$GROUP' of subscription" \
        "'$SUBSCRIPTION_NAME' ($SUBSCRIPTION_ID)." \
        "If it is in another subscription: az account set --subscription ID, then this again."
    fi
    fail "$GROUP" "az cognitiveservices account show"
  }
  RESOURCE_ID=$(tsv_field "$resource" 1) ENDPOINT=$(tsv_field "$resource" 3)
  ENDPOINT=${ENDPOINT%/}
  case $(tsv_field "$resource" 2) in
    '' | None)
      stop "the resource has no custom subdomain, and Microsoft Entra tokens work only against one. Set it (it cannot" \
        "be changed later): az cognitiveservices account update --name $(quote "$RESOURCE") --resource-group" \
        "$(quote "$GROUP") --custom-domain $(quote "$RESOURCE"), then run this again." ;;
  esac
  say "  endpoint $ENDPOINT"
  if [ -n "$DEPLOYMENT" ]; then
    run az cognitiveservices account deployment show --name "$RESOURCE" --resource-group "$GROUP" \
      --deployment-name "$DEPLOYMENT" --query name --output tsv >/dev/null ||
      stop "no deployment '$DEPLOYMENT' on $RESOURCE: az cognitiveservices account deployment list lists them."
  else
    names=$(run az cognitiveservices account deployment list --name "$RESOURCE" --resource-group "$GROUP" \
      --query '[].name' --output tsv) || fail "$RESOURCE_ID" "az cognitiveservices account deployment list"
    [ "$(printf '%s\n' "$names" | grep -c .)" -eq 1 ] ||
      stop "pass --deployment with one of the resource's deployments:" "$(printf '%s' "$names" | tr '\n' ' ')"
    DEPLOYMENT=$names
  fi
  say "  deployment $DEPLOYMENT"
}

check_repository() {
  step "GitHub: the repository, its ids and its tokens' subject form"
  repository=$(run gh api "repos/$REPO" \
    --jq '[.full_name, .owner.id, .id, .default_branch, .permissions.admin] | @tsv') ||
    stop "gh cannot read $REPO: check the name and gh auth status."
  REPO=$(tsv_field "$repository" 1) OWNER_ID=$(tsv_field "$repository" 2) REPO_ID=$(tsv_field "$repository" 3)
  [ -n "$BRANCH" ] || BRANCH=$(tsv_field "$repository" 4)
  [ "$(tsv_field "$repository" 5)" = true ] ||
    stop "missing right: admin rights on $REPO (repository variables and environments need them)."
  form=$(run gh api "repos/$REPO/actions/oidc/customization/sub" \
    --jq '"\(.use_default) \(.use_immutable_subject) \(.sub_claim_prefix)"') ||
    stop "gh cannot read the OIDC subject settings of $REPO (its error is above)."
  # shellcheck disable=SC2086 # three words, none with blanks or wildcards
  set -- $form
  CLASSIC_PREFIX="repo:$REPO"
  IMMUTABLE_PREFIX="repo:${REPO%%/*}@$OWNER_ID/${REPO#*/}@$REPO_ID"
  if [ "$1" = false ]; then
    stop "$REPO customises its OIDC subject (use_default is false); this script writes GitHub's default forms only." \
      "See docs/identity.md#subjects-classic-and-immutable."
  fi
  case $2 in
    true) if [ "$3" = null ]; then PREFIXES=$IMMUTABLE_PREFIX; else PREFIXES=$3; fi ;;
    false) PREFIXES=$CLASSIC_PREFIX ;;
    *) PREFIXES="$CLASSIC_PREFIX $IMMUTABLE_PREFIX" ;;
  esac
  case $2 in
    true) say "  tokens carry the immutable subject: $PREFIXES:…" ;;
    false) say "  tokens carry the classic subject: $PREFIXES:…" ;;
    *) say "  GitHub did not say which subject form this repository uses: trusting both" ;;
  esac
}

# The name each credential gets: its kind, and -immutable for that form (a repository can switch forms).
credential_name() {
  case $1 in *@*) printf '%s-immutable' "$2" ;; *) printf '%s' "$2" ;; esac | tr -c 'A-Za-z0-9_\n-' '-' | cut -c1-120
}

wanted_credentials() {
  for prefix in $PREFIXES; do
    printf '%s\t%s\n' "$(credential_name "$prefix" pull-request)" "$prefix:pull_request"
    printf '%s\t%s\n' "$(credential_name "$prefix" "branch-$BRANCH")" "$prefix:ref:refs/heads/$BRANCH"
    for environment in $ENVIRONMENTS; do
      printf '%s\t%s\n' "$(credential_name "$prefix" "environment-$environment")" "$prefix:environment:$environment"
    done
    for tag in $TAGS; do
      printf '%s\t%s\n' "$(credential_name "$prefix" "tag-$tag")" "$prefix:ref:refs/tags/$tag"
    done
  done
}

ISSUER=https://token.actions.githubusercontent.com
AUDIENCE=api://AzureADTokenExchange
ROLE_ID=5e0bd9bd-7b93-4f28-af87-19fc36ad61bd # Cognitive Services OpenAI User
TAB=$(printf '\t')
SMOKE_FILE=azure-openai-smoke-test.yml

ensure_managed_identity() {
  step "Identity: the user-assigned managed identity $IDENTITY_NAME"
  if identity=$(run az identity show --name "$IDENTITY_NAME" --resource-group "$IDENTITY_GROUP" \
    --query '[clientId, principalId]' --output tsv); then
    unchanged "managed identity $IDENTITY_NAME exists in $IDENTITY_GROUP"
  elif said 'ResourceNotFound\|was not found'; then
    identity=$(run az identity create --name "$IDENTITY_NAME" --resource-group "$IDENTITY_GROUP" \
      --query '[clientId, principalId]' --output tsv) || fail "resource group $IDENTITY_GROUP" "az identity create"
    changed "created managed identity $IDENTITY_NAME in $IDENTITY_GROUP"
  else
    fail "resource group $IDENTITY_GROUP" "az identity show"
  fi
  CLIENT_ID=$(tsv_field "$identity" 1) PRINCIPAL_ID=$(tsv_field "$identity" 2)
  say "  client id $CLIENT_ID, principal $PRINCIPAL_ID"
}

ensure_app() {
  step "Identity: the app registration $IDENTITY_NAME and its service principal"
  apps=$(run az ad app list --display-name "$IDENTITY_NAME" --query '[].appId' --output tsv) ||
    fail "tenant $TENANT_ID" "az ad app list"
  case $(printf '%s\n' "$apps" | grep -c .) in
    0)
      CLIENT_ID=$(run az ad app create --display-name "$IDENTITY_NAME" --query appId --output tsv) ||
        fail "tenant $TENANT_ID" "az ad app create"
      changed "created app registration $IDENTITY_NAME ($CLIENT_ID)" ;;
    1)
      CLIENT_ID=$apps
      unchanged "app registration $IDENTITY_NAME exists ($CLIENT_ID)" ;;
    *) stop "more than one app registration is named $IDENTITY_NAME: pass --identity-name with a unique name." ;;
  esac
  if PRINCIPAL_ID=$(run az ad sp show --id "$CLIENT_ID" --query id --output tsv); then
    unchanged "its service principal exists ($PRINCIPAL_ID)"
  else
    PRINCIPAL_ID=$(run az ad sp create --id "$CLIENT_ID" --query id --output tsv) ||
      fail "tenant $TENANT_ID" "az ad sp create"
    changed "created its service principal ($PRINCIPAL_ID)"
  fi
}

create_credential() {
  if [ "$USE_APP" = true ]; then
    run az ad app federated-credential create --id "$CLIENT_ID" --parameters \
      "{\"name\": \"$1\", \"issuer\": \"$ISSUER\", \"subject\": \"$2\", \"audiences\": [\"$AUDIENCE\"]}" --output none
  else
    run az identity federated-credential create --name "$1" --identity-name "$IDENTITY_NAME" \
      --resource-group "$IDENTITY_GROUP" --issuer "$ISSUER" --subject "$2" --audiences "$AUDIENCE" --output none
  fi || fail "$IDENTITY_NAME" "creating the federated credential $1"
}

ensure_credentials() {
  step "Federated credentials: the jobs that may sign in as $IDENTITY_NAME"
  if [ "$USE_APP" = true ]; then
    existing=$(run az ad app federated-credential list --id "$CLIENT_ID" --query '[].[name, subject]' --output tsv) ||
      fail "the app $CLIENT_ID" "az ad app federated-credential list"
  else
    existing=$(run az identity federated-credential list --identity-name "$IDENTITY_NAME" \
      --resource-group "$IDENTITY_GROUP" --query '[].[name, subject]' --output tsv) ||
      fail "$IDENTITY_NAME" "az identity federated-credential list"
  fi
  wanted_credentials >"$WORK/wanted"
  while IFS=$TAB read -r name subject; do
    if printf '%s\n' "$existing" | cut -f 2 | grep -qxF "$subject"; then
      unchanged "$subject"
    elif printf '%s\n' "$existing" | cut -f 1 | grep -qxF "$name"; then
      stop "the federated credential $name exists with another subject than $subject: delete it, then run this again."
    else
      create_credential "$name" "$subject"
      changed "$name: $subject"
    fi
  done <"$WORK/wanted"
}

ensure_role() {
  step "Role: Cognitive Services OpenAI User on the resource $RESOURCE only"
  assigned=$(run az role assignment list --scope "$RESOURCE_ID" --role "$ROLE_ID" \
    --query "[?principalId=='$PRINCIPAL_ID'].id" --output tsv) || fail "$RESOURCE_ID" "az role assignment list"
  if [ -n "$assigned" ]; then
    unchanged "the role is assigned"
    return 0
  fi
  run az role assignment create --assignee-object-id "$PRINCIPAL_ID" --assignee-principal-type ServicePrincipal \
    --role "$ROLE_ID" --scope "$RESOURCE_ID" --output none || {
    if said 'PrincipalNotFound'; then
      stop "Microsoft Entra has not yet replicated the new identity: run this again in a minute (nothing is lost)."
    fi
    fail "$RESOURCE_ID" "az role assignment create"
  }
  changed "assigned the role to $PRINCIPAL_ID (it can take a few minutes to apply)"
}

ensure_environments() {
  [ -n "$ENVIRONMENTS" ] || return 0
  step "GitHub: the environments"
  for environment in $ENVIRONMENTS; do
    if run gh api "repos/$REPO/environments/$environment" --silent; then
      unchanged "environment $environment exists"
    elif said 'HTTP 404'; then
      run gh api --method PUT "repos/$REPO/environments/$environment" --silent || fail "$REPO" "creating $environment"
      changed "created environment $environment"
    else
      fail "$REPO" "reading the environment $environment"
    fi
  done
}

set_variable() {
  if current=$(run gh api "repos/$REPO/actions/variables/$1" --jq .value); then
    if [ "$current" = "$2" ]; then
      unchanged "$1 = $2"
      return 0
    fi
    run gh api --method PATCH "repos/$REPO/actions/variables/$1" -f "value=$2" --silent || fail "$REPO" "setting $1"
    changed "$1 = $2 (was $current)"
  elif said 'HTTP 404'; then
    run gh api --method POST "repos/$REPO/actions/variables" -f "name=$1" -f "value=$2" --silent ||
      fail "$REPO" "setting $1"
    changed "$1 = $2"
  else
    fail "$REPO" "reading the variable $1"
  fi
}

ensure_variables() {
  step "GitHub: the repository variables the workflows read (none is a secret)"
  set_variable AZURE_CLIENT_ID "$CLIENT_ID"
  set_variable AZURE_TENANT_ID "$TENANT_ID"
  set_variable AZURE_OPENAI_ENDPOINT "$ENDPOINT"
  set_variable AZURE_OPENAI_DEPLOYMENT "$DEPLOYMENT"
}

add_smoke_test_workflow() {
  path=.github/workflows/$SMOKE_FILE
  if run gh api "repos/$REPO/contents/$path?ref=$BRANCH" --silent; then
    unchanged "$path exists on $BRANCH"
    return 0
  fi
  said 'HTTP 404' || fail "$REPO" "reading $path"
  source_file=$(dirname "$0")/../examples/workflows/smoke-test.yml
  [ -f "$source_file" ] || stop "$source_file is missing: run this script from a clone of the action's repository."
  printf '{"message": "Add the Azure OpenAI smoke test", "branch": "%s", "content": "%s"}\n' \
    "$BRANCH" "$(base64 <"$source_file" | tr -d '\n')" >"$WORK/body.json"
  run gh api --method PUT "repos/$REPO/contents/$path" --input "$WORK/body.json" --silent || fail "$REPO" "adding $path"
  changed "added $path to $BRANCH"
}

latest_run() {
  run gh run list --repo "$REPO" --workflow "$SMOKE_FILE" --limit 1 --json databaseId --jq '.[0].databaseId // ""'
}

run_smoke_test() {
  step "Smoke test: one request from a workflow on $BRANCH"
  add_smoke_test_workflow
  before=$(latest_run) || before=''
  run gh workflow run "$SMOKE_FILE" --repo "$REPO" --ref "$BRANCH" || fail "$REPO" "gh workflow run"
  tries=0
  while run_id=$(latest_run) && { [ -z "$run_id" ] || [ "$run_id" = "$before" ]; }; do
    tries=$((tries + 1))
    [ "$tries" -lt 20 ] || stop "the run did not appear; see: gh run list --repo $REPO --workflow $SMOKE_FILE"
    sleep 3
  done
  [ -n "$run_id" ] || fail "$REPO" "gh run list"
  if run gh run watch "$run_id" --repo "$REPO" --exit-status >/dev/null; then outcome=passed; else outcome=failed; fi
  url=$(run gh run view "$run_id" --repo "$REPO" --json url --jq .url) || url="run $run_id"
  if [ "$outcome" = passed ]; then
    say "  Smoke test passed: $url"
    return 0
  fi
  run gh run view "$run_id" --repo "$REPO" --log-failed | tail -n 15 >&3 || true
  stop "the smoke test failed: $url (its error above names the cause and the fix; a role assigned a minute" \
    "ago may need a few more minutes)."
}


main() {
  STEP=0 CHANGES=0
  WORK=$(mktemp -d)
  ERR_FILE=$WORK/stderr
  trap 'rm -rf "$WORK"' EXIT
  exec 3>&1
  parse_arguments "$@"
  command -v az >/dev/null ||
    stop "the Azure CLI (az) is not installed: https://aka.ms/azure-cli, or use Azure Cloud Shell."
  command -v gh >/dev/null || stop "the GitHub CLI (gh) is not installed: https://cli.github.com."
  check_azure_account
  check_resource
  check_repository
  [ -n "$IDENTITY_GROUP" ] || IDENTITY_GROUP=$GROUP
  [ -n "$IDENTITY_NAME" ] || IDENTITY_NAME=$(printf 'github-%s' "$REPO" | tr -c 'A-Za-z0-9_\n-' '-' | cut -c1-120)
  if [ "$USE_APP" = true ]; then ensure_app; else ensure_managed_identity; fi
  ensure_credentials
  ensure_role
  ensure_environments
  ensure_variables
  say ""
  if [ "$CHANGES" -eq 0 ]; then
    say "Nothing changed: everything was already in place."
  else
    say "Done: $CHANGES changes."
  fi
  if [ "$SMOKE_TEST" = true ]; then run_smoke_test; fi
}

main "$@"
