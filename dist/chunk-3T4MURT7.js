import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{a as e}from"./chunk-DMUFM7HA.js";function t(o,c=6){let u=[],n=o;for(;n&&u.length<c;)u.push(n),n=n.cause;return u}e(t,"causeChain");export{t as a};
