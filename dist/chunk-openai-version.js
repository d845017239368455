import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
var o="6.49.0";export{o as a};
