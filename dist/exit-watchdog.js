import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import"./chunk-runtime.js";var s="A network request was still open after the step finished; the action ended it.";function i(t,e=3e3){setTimeout(()=>{t(`${s} (It outlived the step by ${e/1e3} s.)`),process.exit()},e).unref()}export{s as LINGER_WARNING,i as endLingeringRequests};
