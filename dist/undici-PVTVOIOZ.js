import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{a}from"./chunk-XR7ICWOP.js";import"./chunk-PAPH3GWM.js";export default a();
