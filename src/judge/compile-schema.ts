/**
 * Compiles a JSON schema with Ajv (and ajv-formats), loaded only when a schema
 * is given: in the main thread before any network call, so that a broken
 * schema fails as a bad input, and again in the worker that checks the
 * answer (schema-worker.ts). Only the first violation is sought: with every
 * error collected, each branch of a recursive `oneOf` checks every child.
 */
import type { BoundedRegExp } from '../bounded-regex.ts';
import type { JsonSchemaSpec } from '../model-call.ts';
import { InputError } from '../errors.ts';

interface AjvError {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Compiles the schema with the Ajv class its `$schema` asks for (draft-07 when it names none). */
export async function compileSchema(spec: JsonSchemaSpec): Promise<(value: unknown) => string[]> {
  const draft = typeof spec.schema.$schema === 'string' ? spec.schema.$schema : '';
  if (/draft-0[346]\b/.test(draft)) {
    throw new InputError(
      spec.input,
      `schema '${spec.name}' (${spec.source}) uses ${draft}: use draft-07, 2019-09 or 2020-12 (or leave out $schema).`,
      'schemaInvalid',
    );
  }
  const [ajvModule, formatsModule, { compileBounded }] = await Promise.all([
    draft.includes('2020-12') ? import('ajv/dist/2020.js') : draft.includes('2019-09') ? import('ajv/dist/2019.js') : import('ajv'),
    import('ajv-formats'),
    import('../bounded-regex.ts'),
  ]);
  // CommonJS modules: the class and the plugin are the default export, or its `default`.
  const AjvClass = ajvModule.default.default;
  const addFormats = formatsModule.default.default;
  // strict: false accepts the annotations OpenAI's schemas carry; logger: false keeps Ajv off the console;
  // `pattern` and `patternProperties` run on the linear-time engine, since the answer is untrusted text.
  const ajv = new AjvClass({ allErrors: false, strict: false, logger: false, code: { regExp: schemaRegExp(compileBounded) } });
  addFormats(ajv);
  let validate: ReturnType<typeof ajv.compile>;
  try {
    validate = ajv.compile(spec.schema);
    // A schema that refers to itself without end ({"$ref": "#"}) compiles, then overflows the stack on any value.
    for (const probe of [{}, [], '', 0, null]) validate(probe);
  } catch (error) {
    const why = error instanceof RangeError ? 'it refers to itself without end (a $ref loop)' : (error as Error).message;
    throw new InputError(spec.input, `schema '${spec.name}' (${spec.source}) is not a valid JSON Schema: ${why}`, 'schemaInvalid');
  }
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map((e) => describeViolation(e as AjvError)));
}

/** Ajv's engine hook: its 'u' flag is dropped (re2js is Unicode-aware); Ajv caches by toString, the pattern. */
function schemaRegExp(compileBounded: (pattern: string) => BoundedRegExp) {
  return Object.assign(
    (pattern: string): BoundedRegExp => {
      try {
        return compileBounded(pattern);
      } catch (error) {
        throw new Error(`pattern '${pattern}' is not supported: ${(error as Error).message}`);
      }
    },
    // Only read by Ajv's standalone code generation, which this action does not use.
    { code: 'compileBounded' },
  );
}

function describeViolation(error: AjvError): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const { params } = error;
  let detail = '';
  if (typeof params.additionalProperty === 'string') detail = ` ('${params.additionalProperty}')`;
  else if (Array.isArray(params.allowedValues)) detail = ` (${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')})`;
  return `${where}: ${error.message ?? 'is invalid'}${detail}`;
}
