// Runs before the npm scripts that run TypeScript with Node: they need Node 24, which the `node`
// devDependency's install script provides as node_modules/.bin/node. Plain JavaScript, so that an
// older Node can run it and say what is wrong instead of failing on the first .ts file.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `This project's scripts need Node 24 or later; they are running on Node ${process.versions.node}.\n` +
      "Node 24 comes from the 'node' devDependency, whose install script puts it at node_modules/.bin/node. " +
      "If you installed with --ignore-scripts, run 'npm rebuild node' (it runs just that script), or run 'npm ci' again without it.",
  );
  process.exit(1);
}
