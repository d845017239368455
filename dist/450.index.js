export const id = 450;
export const ids = [450,248];
export const modules = {

/***/ 9069:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  fitToBudget: () => (/* binding */ fitToBudget)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/budget/file-kinds.ts
/**
 * What a changed file is, for the input budget: lock files, generated and
 * vendored files and binary diffs say least about a change and are left out
 * first. Pure.
 */
const LOCK_FILES = new Set([
    'package-lock.json',
    'npm-shrinkwrap.json',
    'yarn.lock',
    'pnpm-lock.yaml',
    'bun.lock',
    'bun.lockb',
    'deno.lock',
    'composer.lock',
    'gemfile.lock',
    'cargo.lock',
    'poetry.lock',
    'pipfile.lock',
    'pdm.lock',
    'uv.lock',
    'go.sum',
    'go.work.sum',
    'packages.lock.json',
    'paket.lock',
    'podfile.lock',
    'package.resolved',
    'pubspec.lock',
    'mix.lock',
    'flake.lock',
    'gradle.lockfile',
    'conan.lock',
    '.terraform.lock.hcl',
]);
const GENERATED = [
    /(^|\/)(dist|build|out|\.next|coverage|target\/generated-sources)\//,
    /\.min\.(js|css|mjs)$/,
    /\.(js|css|mjs)\.map$/,
    /\.(pb\.go|pb\.cc|pb\.h)$/,
    /_pb2(_grpc)?\.pyi?$/,
    /\.generated\.\w+$/,
    /\.g\.(dart|cs)$/,
    /\.designer\.cs$/,
    /(^|\/)__snapshots__\//,
    /\.snap$/,
];
const VENDORED = [/(^|\/)(vendor|vendors|third_party|third-party|thirdparty|node_modules|bower_components|Pods|\.yarn\/releases)\//];
function fileKind(path, binary) {
    const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
    if (LOCK_FILES.has(base))
        return 'lock file';
    if (binary)
        return 'binary';
    if (VENDORED.some((re) => re.test(path)))
        return 'vendored';
    if (GENERATED.some((re) => re.test(path)))
        return 'generated';
    return 'source';
}

// EXTERNAL MODULE: ./src/budget/tokenizer.ts
var tokenizer = __webpack_require__(4248);
;// CONCATENATED MODULE: ./src/budget/fit.ts
/**
 * Fits the prompt into max-input-tokens by leaving whole files out of
 * {{pr.diff}}: lock files, generated and vendored files and binary diffs
 * first, then the largest files, until the messages fit. The diff then ends
 * with a line naming what was left out, so the model knows. Pure: the token
 * counter and the rendering of messages are passed in.
 */



function fitToBudget(request) {
    const { count, maxTokens } = request;
    const files = request.diffFiles ?? [];
    const withDiff = (kept, omitted) => {
        const values = { ...request.values };
        if (request.diffFiles)
            values['pr.diff'] = renderDiff(kept, omitted, files.length, maxTokens);
        return values;
    };
    const measure = (kept, omitted) => {
        const values = withDiff(kept, omitted);
        const messages = request.render(values);
        return { values, messages, tokens: (0,tokenizer/* countMessages */.e)(messages, count) };
    };
    let attempt = measure(files, []);
    if (attempt.tokens <= maxTokens)
        return { ...attempt, omitted: [] };
    const candidates = leaveOutOrder(files, count);
    const omitted = [];
    const leftOut = new Set();
    while (attempt.tokens > maxTokens) {
        if (candidates.length === 0) {
            throw new errors/* ActionFailure */.dR([
                `The prompt is ${attempt.tokens} tokens${files.length ? ` even with every file of {{pr.diff}} left out` : ''}; max-input-tokens is ${maxTokens}.`,
                "Raise max-input-tokens (up to what the deployment's model accepts), or use fewer or smaller variables in the prompt.",
            ].join('\n'));
        }
        // Drop enough files at once to cover the excess, then measure again (the note line costs a little).
        let excess = attempt.tokens - maxTokens;
        for (let next = candidates.shift(); next; next = excess > 0 ? candidates.shift() : undefined) {
            leftOut.add(next.file);
            omitted.push({ path: next.file.path, kind: next.kind, tokens: next.tokens });
            excess -= next.tokens;
        }
        attempt = measure(files.filter((f) => !leftOut.has(f)), omitted);
    }
    return { ...attempt, omitted };
}
/** Low-value kinds first, each group largest first. */
function leaveOutOrder(files, count) {
    const candidates = files.map((file) => ({ file, kind: fileKind(file.path, file.binary), tokens: count(file.section) }));
    const rank = (c) => (c.kind === 'source' ? 1 : 0);
    return candidates.sort((a, b) => rank(a) - rank(b) || b.tokens - a.tokens);
}
function renderDiff(kept, omitted, total, maxTokens) {
    const diff = kept.map((f) => f.section).join('');
    if (omitted.length === 0)
        return diff;
    const list = omitted.map((o) => `${o.path} (${o.kind === 'source' ? 'large' : o.kind})`).join(', ');
    return `${diff}\n[${omitted.length} of ${total} changed files left out of this diff to fit the input budget of ${maxTokens} tokens: ${list}]\n`;
}


/***/ }),

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
