import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{b as e}from"./chunk-azure-msal-common-Authority.js";import"./chunk-typespec-ts-http-runtime-nodeHttpClient.js";import"./chunk-typespec-ts-http-runtime-debug.js";import"./chunk-runtime.js";export{e as ClientAssertionCredential};
