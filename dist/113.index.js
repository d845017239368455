export const id = 113;
export const ids = [113];
export const modules = {

/***/ 3113:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ProxyAgent: () => (/* binding */ ProxyAgent),
/* harmony export */   fetch: () => (/* binding */ fetch),
/* harmony export */   loadUndici: () => (/* binding */ loadUndici)
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
        throw new Error('undici-on-demand: a ProxyAgent was constructed before loadUndici() finished.');
    return new loaded.ProxyAgent(...args);
}


/***/ })

};
