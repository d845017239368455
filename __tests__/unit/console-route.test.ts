import assert from 'node:assert/strict';
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { CONSOLE_MESSAGE_MAX_CHARS, routeConsole } from '../../src/console-route.ts';

/** A console of its own, writing into `printed`: what would reach stdout and stderr. */
function captured(): { target: Console; printed: string[] } {
  const printed: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      printed.push(chunk.toString());
      done();
    },
  });
  return { target: new Console({ stdout: sink, stderr: sink }), printed };
}

test('every printing console method, and those that print through them, goes to the writer only', () => {
  const { target, printed } = captured();
  const written: string[] = [];
  routeConsole((message) => written.push(message), target);
  // What the openai client prints for a `thread.*` event whose data does not parse.
  target.error('Could not parse message into JSON:', '::stop-commands::pwned');
  target.log('a');
  target.info('b');
  target.warn('c');
  target.debug('d');
  target.dir({ e: 1 });
  target.table([{ f: 1 }]);
  target.count('g');
  target.assert(false, 'h');
  target.trace('i');
  assert.deepEqual(printed, [], 'nothing printed past the writer');
  assert.equal(written[0], 'Could not parse message into JSON: ::stop-commands::pwned');
  assert.equal(written.length, 10);
  assert.ok(written.some((message) => message.includes('Assertion failed: h')));
});

test("a library's long message is cut to the cap", () => {
  const { target } = captured();
  const written: string[] = [];
  routeConsole((message) => written.push(message), target);
  target.error('x'.repeat(CONSOLE_MESSAGE_MAX_CHARS * 3));
  assert.equal(written[0]?.length, CONSOLE_MESSAGE_MAX_CHARS + 1);
});
