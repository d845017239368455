import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-tokenizer.js";import"./chunk-runtime.js";export{c as MAX_RUN,a as chooseEncoding,e as countMessages,b as loadTokenCounter,d as withoutLongRuns};
