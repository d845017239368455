import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{b as e,c as r,d as t}from"./chunk-EG7NNAP6.js";import"./chunk-G2MH4FNI.js";import"./chunk-CJJ26T2J.js";import"./chunk-DMUFM7HA.js";export{r as AzureCliCredential,t as DefaultAzureCredential,e as ManagedIdentityCredential};
