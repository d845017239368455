import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{a}from"./chunk-QMFCXXCC.js";import"./chunk-PAYLYI26.js";import"./chunk-Y27AZWI6.js";import"./chunk-DMUFM7HA.js";export default a();
