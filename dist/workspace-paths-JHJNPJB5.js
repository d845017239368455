import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import{g as a,h as b,i as c,j as d,k as e}from"./chunk-VD3EA6PA.js";import"./chunk-IFHTLJ3J.js";import"./chunk-IPJLG4WX.js";import"./chunk-PAPH3GWM.js";export{a as ToolRefusal,c as allowedPath,d as outside,e as shownPath,b as workspaceRoots};
