import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{c as a,d as b,e as c,f as d}from"./chunk-typespec-ts-http-runtime-debug.js";import"./chunk-runtime.js";export{a as AzureLogger,d as createClientLogger,c as getLogLevel,b as setLogLevel};
