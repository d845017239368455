import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{a}from"./chunk-undici-llhttp_simd-wasm.js";import"./chunk-runtime.js";export default a();
