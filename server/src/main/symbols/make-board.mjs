// Builds Tandem's default symbol board from the OpenMoji package (npm, CC BY-SA 4.0): the plain
// labels are ours (board.csv, scales.csv), the alt text is OpenMoji's own annotation. A hexcode
// that OpenMoji does not have fails the build, so the board never names a symbol the app cannot draw.
// Usage: node make-board.mjs <openmoji package dir> <out.json>
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [packageDir, out] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const byHexcode = new Map(
  JSON.parse(readFileSync(join(packageDir, 'data', 'openmoji.json'), 'utf8')).map((e) => [e.hexcode, e]));

function rows(file) {
  const [header, ...lines] = readFileSync(join(here, file), 'utf8').trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v.trim()])));
}

function symbol(hexcode) {
  const found = byHexcode.get(hexcode);
  if (!found) throw new Error(`OpenMoji ${pkg.version} has no symbol ${hexcode}`);
  return { id: `openmoji:${hexcode}`, hexcode, altText: found.annotation };
}

const symbols = rows('board.csv').map((r) => ({ ...symbol(r.hexcode), label: r.label, category: r.category }));
const ids = new Set();
for (const s of symbols) {
  if (ids.has(s.id)) throw new Error(`${s.id} is on the board twice`);
  ids.add(s.id);
}
const scales = {};
for (const r of rows('scales.csv')) {
  (scales[r.points] ??= []).push({ value: Number(r.value), ...symbol(r.hexcode), word: r.word });
}
const board = {
  set: 'openmoji',
  version: pkg.version,
  licence: pkg.license,
  credit: `Symbols from OpenMoji ${pkg.version} (https://openmoji.org), licensed CC BY-SA 4.0.`,
  symbols,
  scales,
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(board, null, 1));
console.log(`symbol board: ${symbols.length} symbols from OpenMoji ${pkg.version}`);
