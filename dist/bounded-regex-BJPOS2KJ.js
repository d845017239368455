import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{b as a,c as b}from"./chunk-XB4KK4WX.js";import"./chunk-IFHTLJ3J.js";import"./chunk-IPJLG4WX.js";import"./chunk-PAPH3GWM.js";export{a as compileBounded,b as parseExpect};
