import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{b as e}from"./chunk-CQLJPWC3.js";import"./chunk-HPIJR7JT.js";import"./chunk-IB6WA5IX.js";import"./chunk-PAPH3GWM.js";export{e as ClientAssertionCredential};
