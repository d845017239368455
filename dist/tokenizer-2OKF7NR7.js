import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{a,b,c}from"./chunk-OG4OKMNU.js";import"./chunk-DMUFM7HA.js";export{a as chooseEncoding,c as countMessages,b as loadTokenCounter};
