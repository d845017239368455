/** The workspace tools as the model is told of them: names, what each does, and its arguments' schema. Pure data. */
import type { ToolDefinition } from '../model-call.ts';

const PATH = { type: 'string', description: "A path relative to the repository root, such as 'src/main.ts'." };
const GLOB = {
  type: 'string',
  description: "Only paths matching this glob (*, **, ?, {a,b}, [abc]); without a '/' it matches a name in any folder: '*.ts'.",
};

export const WORKSPACE_TOOLS: ToolDefinition[] = [
  {
    name: 'read_file',
    description: "Reads a text file of the repository's checkout, whole or a range of lines. Results over 64 KiB are cut: ask for a range.",
    parameters: {
      type: 'object',
      properties: {
        path: PATH,
        start_line: { type: 'integer', minimum: 1, description: 'The first line to return (from 1).' },
        end_line: { type: 'integer', minimum: 1, description: 'The last line to return, included.' },
      },
      required: ['path'],
      additionalProperties: false,
    },
  },
  {
    name: 'list_files',
    description: "Lists a folder of the repository's checkout (folders end with '/'); with a glob, every file under it that matches.",
    parameters: {
      type: 'object',
      properties: { path: { ...PATH, description: "The folder, relative to the repository root; '.' when absent." }, glob: GLOB },
      additionalProperties: false,
    },
  },
  {
    name: 'search_files',
    description:
      "Searches the text files of the repository's checkout for lines matching a regular expression (RE2 syntax: no backreferences or lookaround); answers path:line: text.",
    parameters: {
      type: 'object',
      properties: {
        pattern: { type: 'string', description: 'The regular expression, matched against each line.' },
        path: { ...PATH, description: "The folder to search, relative to the repository root; '.' when absent." },
        glob: GLOB,
      },
      required: ['pattern'],
      additionalProperties: false,
    },
  },
];
