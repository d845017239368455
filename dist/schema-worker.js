import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{a,b}from"./chunk-schema-worker.js";import"./chunk-compile-schema.js";import"./chunk-errors.js";import"./chunk-cause-chain.js";import"./chunk-runtime.js";export{b as SCHEMA_CHECK_ROLE,a as SCHEMA_WORKER_URL};
