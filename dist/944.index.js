export const id = 944;
export const ids = [944];
export const modules = {

/***/ 9556:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ getExecOutput)
/* harmony export */ });
/* unused harmony export exec */
const load = () => __webpack_require__.e(/* import() */ 260).then(__webpack_require__.bind(__webpack_require__, 1260));
const exec = async (...args) => (await load()).exec(...args);
const getExecOutput = async (...args) => (await load()).getExecOutput(...args);


/***/ }),

/***/ 2383:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b7: () => (/* binding */ loadUndici),
/* harmony export */   hd: () => (/* binding */ fetch),
/* harmony export */   kT: () => (/* binding */ ProxyAgent)
/* harmony export */ });
let loaded;
/** Loads undici (its own chunk in the bundle); later calls return the same module. */
async function loadUndici() {
    // The deep path is not the bare 'undici' mapped to this file.
    loaded ??= await __webpack_require__.e(/* import() */ 752).then(__webpack_require__.t.bind(__webpack_require__, 6752, 19));
    return loaded;
}
const fetch = async (...args) => (await loadUndici()).fetch(...args);
/** Called with `new` by @actions/http-client: returns the real ProxyAgent, which `new` then yields. */
function ProxyAgent(...args) {
    if (!loaded)
        throw new Error('on-demand undici: a ProxyAgent was constructed before loadUndici() finished.');
    return new loaded.ProxyAgent(...args);
}


/***/ })

};
