// Bundles CodeMirror 6 (src/index.js) into ../desk/vendor/codemirror.js, one
// minified script that defines the global `CM`, and gathers the licence of
// every package in it into ../desk/vendor/LICENSE. Both files are committed and
// compiled into the rubric binary (src/serve/pages.rs): the desk fetches
// nothing at run time. Run `npm ci && npm run build` here after changing a
// version in package.json.
import { build } from 'esbuild';
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'desk', 'vendor');
mkdirSync(out, { recursive: true });

const result = await build({
  entryPoints: [join(here, 'src', 'index.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  globalName: 'CM',
  target: ['es2020'],
  legalComments: 'none',
  metafile: true,
  outfile: join(out, 'codemirror.js'),
  banner: { js: '/* CodeMirror 6 and its dependencies, bundled for the rubric desk; licences in LICENSE (served as /assets/codemirror-LICENSE.txt). */' },
});

// Every package whose files went into the bundle, with its version and licence text.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (!match || packages.has(match[1])) continue;
  const root = join(here, 'node_modules', match[1]);
  const meta = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license'].map((f) => join(root, f)).find(existsSync);
  if (!file) throw new Error(`${match[1]} has no licence file`);
  packages.set(match[1], { version: meta.version, license: meta.license, text: readFileSync(file, 'utf8').trim() });
}
const names = [...packages.keys()].sort();
const text = [
  'The desk\'s editor (web/desk/vendor/codemirror.js) bundles these packages from npm:',
  '',
  ...names.map((n) => `  ${n} ${packages.get(n).version} (${packages.get(n).license})`),
  '',
  ...names.flatMap((n) => ['-'.repeat(72), `${n} ${packages.get(n).version}`, '', packages.get(n).text, '']),
].join('\n');
writeFileSync(join(out, 'LICENSE'), text + '\n');
const size = readFileSync(join(out, 'codemirror.js')).length;
console.log(`codemirror.js: ${(size / 1024).toFixed(0)} KiB, ${names.length} packages: ${names.join(', ')}`);
