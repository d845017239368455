import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{a}from"./chunk-bottleneck-light.js";import"./chunk-runtime.js";export default a();
