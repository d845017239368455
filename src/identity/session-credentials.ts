/**
 * The @azure/identity classes of the paths that use an existing session
 * (azure/login's CLI, a managed identity, the default chain and the links it
 * reports), kept apart from keyless-credential.ts so that a keyless run does
 * not load them.
 */
export {
  AzureCliCredential,
  AzureDeveloperCliCredential,
  AzurePowerShellCredential,
  DefaultAzureCredential,
  EnvironmentCredential,
  ManagedIdentityCredential,
  VisualStudioCodeCredential,
  WorkloadIdentityCredential,
} from '@azure/identity';
