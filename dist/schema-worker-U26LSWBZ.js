import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{a,b}from"./chunk-O55J5L55.js";import"./chunk-QUOJSFNU.js";import"./chunk-IFHTLJ3J.js";import"./chunk-IPJLG4WX.js";import"./chunk-PAPH3GWM.js";export{b as SCHEMA_CHECK_ROLE,a as SCHEMA_WORKER_URL};
