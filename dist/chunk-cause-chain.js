import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
function c(e,o=6){let u=[],n=e;for(;n&&u.length<o;)u.push(n),n=n.cause;return u}export{c as a};
