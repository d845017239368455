export const id = 27;
export const ids = [27,408];
export const modules = {

/***/ 3027:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {

/**
 * What the bundle gives `@azure/msal-node` for `jsonwebtoken` (tsconfig.json
 * `paths`, which ncc follows): the real module, evaluated on first use.
 *
 * Why: msal-node imports jsonwebtoken at the top of its client-assertion
 * module only to sign the assertion of a certificate credential, which this
 * action never builds. Evaluating it, with the semver check it runs at load,
 * cost about 5 ms of every keyless run (interleaved A/B runs of the bundle).
 *
 * CommonJS, because msal-node calls sign() synchronously: the bundler turns
 * the require below into a synchronous load of the bundled module, run only
 * when the function is called.
 */


// The deep path: the bare name is mapped to this file.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load on first call is the point
const real = () => __webpack_require__(9653);

module.exports = {
  sign: (...args) => real().sign(...args),
  verify: (...args) => real().verify(...args),
  decode: (...args) => real().decode(...args),
};


/***/ })

};
