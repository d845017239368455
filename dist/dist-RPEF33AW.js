import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{a}from"./chunk-NRSP5UFT.js";import"./chunk-IPMNAWSO.js";import"./chunk-ILOA2IPB.js";import"./chunk-3XCL5M2M.js";import"./chunk-PAPH3GWM.js";export default a();
