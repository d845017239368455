import * as core from '@actions/core';
import { hello } from './a.ts';
core.info(hello('x'));
const m = await import('openai');
core.info(typeof m.default);
