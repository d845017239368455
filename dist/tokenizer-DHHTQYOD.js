import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{a,b,c}from"./chunk-TZ6YA6KB.js";import"./chunk-PAPH3GWM.js";export{a as chooseEncoding,c as countMessages,b as loadTokenCounter};
