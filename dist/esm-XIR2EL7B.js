import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{c as a,d as b,e as c,f as d}from"./chunk-IB6WA5IX.js";import"./chunk-PAPH3GWM.js";export{a as AzureLogger,d as createClientLogger,c as getLogLevel,b as setLogLevel};
