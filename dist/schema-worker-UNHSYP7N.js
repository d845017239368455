import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{a,b}from"./chunk-OEQXAPQO.js";import"./chunk-OREBOLNY.js";import"./chunk-IFHTLJ3J.js";import"./chunk-IPJLG4WX.js";import"./chunk-PAPH3GWM.js";export{b as SCHEMA_CHECK_ROLE,a as SCHEMA_WORKER_URL};
