/** The build's minify step: ncc's -m settings on every chunk, module factories kept eager, module comments kept. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { isAscii } from '../../scripts/js-source.ts';
import { bareFactories, codeModuleComments, keepsComment, minifySource, parenthesizeFactories } from '../../scripts/minify-bundle.ts';

/** A chunk shaped like ncc's: a module map with parenthesized factories, module comments, a licence. */
const CHUNK = [
  'export const id = 7;',
  'export const modules = {',
  '/***/ 11:',
  '/***/ ((module, exports, require) => {',
  '/*! tiny-lib | MIT licence */',
  '// EXTERNAL MODULE: ./node_modules/tiny-lib/index.js',
  'var tiny = require(12);',
  ';// CONCATENATED MODULE: ./node_modules/empty-lib/index.js',
  '// Copyright (c) nobody. An empty module: nothing but comments.',
  ';// CONCATENATED MODULE: ./src/greet.ts',
  '/** A greeting, with a dash \\u2014 written as an escape. */',
  'class Greeter { constructor(greeting) { this.greeting = greeting; } }',
  'function shout(greeter, name) { const exclaimed = greeter.greeting + ", " + name + " \\u2014 " + tiny.mark; return [exclaimed, Greeter.name, shout.name]; }',
  'exports.result = shout(new Greeter("Hello"), "Ada");',
  '/***/ }),',
  '/***/ 12:',
  '/***/ (function(module) { module.exports = { mark: "!" }; })',
  '};',
].join('\n');

/** Runs a chunk's module map like webpack's runtime and returns module 11's exports. */
function run(chunk: string): unknown {
  const runtime =
    '(() => { const cache = {}; const req = (id) => { if (!cache[id]) { const m = { exports: {} }; cache[id] = m;' +
    ' modules[id].call(m.exports, m, m.exports, req); } return cache[id].exports; }; return JSON.stringify(req(11)); })()';
  const script = `${chunk.replace(/export const /g, 'var ')}\n;${runtime}`;
  return JSON.parse(runInNewContext(script) as string);
}

test('the minified chunk computes the same, keeps function and class names, module and licence comments, and its ASCII', async () => {
  const minified = await minifySource(CHUNK);
  assert.deepEqual(run(minified), run(CHUNK));
  assert.deepEqual(run(minified), { result: ['Hello, Ada \u2014 !', 'Greeter', 'shout'] });
  assert.ok(minified.length < CHUNK.length * 0.8, `shorter (${minified.length} of ${CHUNK.length} characters)`);
  assert.doesNotMatch(minified, /exclaimed|\bgreeter\b/, 'local names are mangled');
  assert.match(minified, /\/\/ EXTERNAL MODULE: \.\/node_modules\/tiny-lib\/index\.js/);
  assert.match(minified, /\/\/ CONCATENATED MODULE: \.\/src\/greet\.ts/);
  assert.match(minified, /\/\*! tiny-lib \| MIT licence \*\//);
  assert.doesNotMatch(minified, /A greeting|Copyright \(c\) nobody/, 'other comments are dropped');
  assert.ok(isAscii(minified), 'an ASCII chunk stays ASCII');
  assert.deepEqual(bareFactories(minified), [], 'every module factory is in parentheses');
});

test('a chunk with characters outside ASCII keeps them (ascii-bundle.ts left it so: escaping would grow it)', async () => {
  const minified = await minifySource('export const vocabulary = ["caf\u00e9", "\u00fcber"];');
  assert.match(minified, /caf\u00e9/);
});

test('parenthesizeFactories wraps the bare factories of a module map and nothing else', () => {
  const source =
    'const modules = {1: function(m) { m.x = 1; }, 2: (m) => { m.y = 2; }, 3: (function(m) {})};\nconst other = {a: function() {}, 4: 5};';
  assert.equal(bareFactories(source).length, 2);
  const text = parenthesizeFactories(source);
  assert.equal(
    text,
    'const modules = {1: (function(m) { m.x = 1; }), 2: ((m) => { m.y = 2; }), 3: (function(m) {})};\nconst other = {a: function() {}, 4: 5};',
  );
  assert.deepEqual(bareFactories(text), []);
});

test('codeModuleComments names the modules with code, not an empty one whose comment terser drops', () => {
  assert.deepEqual(codeModuleComments(CHUNK), ['EXTERNAL MODULE: ./node_modules/tiny-lib/index.js', 'CONCATENATED MODULE: ./src/greet.ts']);
});

test('keepsComment keeps module and licence comments only', () => {
  assert.ok(keepsComment(' CONCATENATED MODULE: ./node_modules/openai/index.mjs'));
  assert.ok(keepsComment(' EXTERNAL MODULE: external "node:fs"'));
  assert.ok(keepsComment('! lib v1 | MIT'));
  assert.ok(keepsComment('* @license MIT '));
  assert.ok(!keepsComment(' Copyright (c) Microsoft Corporation.'));
  assert.ok(!keepsComment('# sourceMappingURL=index.js.map'));
});
