import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{a,b,c}from"./chunk-fit.js";import"./chunk-errors.js";import"./chunk-cause-chain.js";import"./chunk-tokenizer.js";import"./chunk-runtime.js";export{a as fitToBudget,b as leaveOutOrder,c as omittedNote};
