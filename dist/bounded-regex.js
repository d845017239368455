import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{b as a,c as b}from"./chunk-re2js-index.js";import"./chunk-errors.js";import"./chunk-cause-chain.js";import"./chunk-runtime.js";export{a as compileBounded,b as parseExpect};
