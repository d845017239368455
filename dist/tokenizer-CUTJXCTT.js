import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-FQEKDRBR.js";import"./chunk-PAPH3GWM.js";export{c as MAX_RUN,a as chooseEncoding,e as countMessages,b as loadTokenCounter,d as withoutLongRuns};
