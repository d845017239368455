import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{a}from"./chunk-ajv-formats-formats.js";import"./chunk-ajv-json-schema-draft-07.js";import"./chunk-ajv-draft7.js";import"./chunk-ajv-core.js";import"./chunk-runtime.js";export default a();
