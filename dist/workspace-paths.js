import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{g as a,h as b,i as c,j as d}from"./chunk-read-file.js";import"./chunk-errors.js";import"./chunk-cause-chain.js";import"./chunk-runtime.js";export{a as ToolRefusal,c as allowedPath,d as shownPath,b as workspaceRoots};
