export const id = 248;
export const ids = [248];
export const modules = {

/***/ 4248:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   chooseEncoding: () => (/* binding */ chooseEncoding),
/* harmony export */   e: () => (/* binding */ countMessages),
/* harmony export */   loadTokenCounter: () => (/* binding */ loadTokenCounter)
/* harmony export */ });
/**
 * Counts tokens with the model family's real encoding (gpt-tokenizer, BPE
 * ranks bundled, no network). Loaded lazily: only a prompt that uses a
 * context variable pays for it. The model behind a deployment is not known
 * before the call, so the encoding is chosen from the deployment name
 * (usually the model's), o200k_base (every current model) otherwise.
 */
/** gpt-4o, gpt-4.1, gpt-4.5, gpt-5, o1/o3/o4 and gpt-oss use o200k_base. */
const O200K = /gpt-?4o|gpt-?4\.[15]|gpt-?5|(^|[^a-z0-9])o[1-9]($|[^0-9])|gpt-?oss|codex/i;
/** gpt-3.5-turbo (gpt-35-turbo on Azure), gpt-4 and gpt-4-turbo, ada embeddings use cl100k_base. */
const CL100K = /gpt-?3\.?5|gpt-?35|gpt-?4($|[^o.0-9])|gpt-?4-?(32k|turbo)|text-embedding/i;
function chooseEncoding(deployment) {
    if (O200K.test(deployment))
        return { encoding: 'o200k_base', reason: `deployment ${deployment} names an o200k_base model` };
    if (CL100K.test(deployment))
        return { encoding: 'cl100k_base', reason: `deployment ${deployment} names a cl100k_base model` };
    return {
        encoding: 'o200k_base',
        reason: `deployment ${deployment} names no known model; o200k_base is the encoding of every current model`,
    };
}
async function loadTokenCounter(encoding) {
    // Literal specifiers, so the bundler splits each encoding into a chunk of its own.
    const module = encoding === 'cl100k_base' ? await Promise.all(/* import() */[__webpack_require__.e(626), __webpack_require__.e(79)]).then(__webpack_require__.bind(__webpack_require__, 4079)) : await Promise.all(/* import() */[__webpack_require__.e(626), __webpack_require__.e(877)]).then(__webpack_require__.bind(__webpack_require__, 3877));
    // Special-token text in a diff (<|endoftext|>) is counted as plain text, not refused.
    return (text) => module.countTokens(text, { disallowedSpecial: new Set() });
}
/**
 * Tokens of chat messages as the service counts them: each message's content
 * plus the chat format's few tokens per message and for the reply's start
 * (OpenAI's published rule for gpt-3.5/4-class models: 3 + 3).
 */
function countMessages(messages, count) {
    let total = 3;
    for (const m of messages)
        total += 3 + count(m.role) + count(m.content);
    return total;
}


/***/ })

};
