export const id = 200;
export const ids = [200];
export const modules = {

/***/ 2200:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LINGER_GRACE_MS: () => (/* binding */ LINGER_GRACE_MS),
/* harmony export */   LINGER_WARNING: () => (/* binding */ LINGER_WARNING),
/* harmony export */   endLingeringRequests: () => (/* binding */ endLingeringRequests)
/* harmony export */ });
/**
 * After the step's result is final (outputs or the error annotation written),
 * a request that a library cannot cancel, such as a managed-identity endpoint
 * that accepts the connection and never answers, must not hold the runner
 * until the job's time limit. The timer is unref'd: it never delays a normal
 * exit; it fires only when something still keeps the process alive.
 */
const LINGER_GRACE_MS = 3000;
const LINGER_WARNING = 'A network request was still open after the step finished; the action ended it.';
function endLingeringRequests(warn, graceMs = LINGER_GRACE_MS) {
    setTimeout(() => {
        warn(`${LINGER_WARNING} (It outlived the step by ${graceMs / 1000} s.)`);
        // The only forced exit: nothing is being written any more, and process.exitCode holds the result.
        // eslint-disable-next-line no-restricted-properties -- runs only once the step's result is final (see above)
        process.exit();
    }, graceMs).unref();
}


/***/ })

};
