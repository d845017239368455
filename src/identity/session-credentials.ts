/**
 * The @azure/identity classes of the paths that use an existing session
 * (azure/login's CLI, a managed identity, the default chain), kept apart
 * from keyless-credential.ts so that a keyless run does not load them.
 */
export { AzureCliCredential, DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
